import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Actor } from "./actor";
import { decoyPasswordHash, verifyPassword } from "./password";
import { clearThrottle, readThrottle, registerFailure, slowDownMs, throttleKey } from "./login-throttle";

export type SignInDeps = { now: () => Date; sleep: (ms: number) => Promise<void> };

const realDeps: SignInDeps = { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export type SignedInUser = { id: string; email: string; name: string; role: Role };

const INVALID = "Email or password is incorrect.";

function lockedMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

async function audit(actor: Actor, action: string, entityId: string | null, after: Record<string, string>) {
  await db.$transaction((tx) => recordAudit(tx, actor, { action, entityType: "user", entityId, after }));
}

/**
 * Checks an email and password with slow-down and lockout per email and per IP.
 * Every failure, lock and success is audit-logged. Throws AppError (UNAUTHENTICATED or LOCKED).
 */
export async function signInWithPassword(
  input: { email: string; password: string; ip: string },
  deps: SignInDeps = realDeps,
): Promise<SignedInUser> {
  const email = input.email.trim().toLowerCase();
  const keys = { email: throttleKey("email", email), ip: throttleKey("ip", input.ip) };
  const now = deps.now();
  const [byEmail, byIp] = await Promise.all([readThrottle(keys.email, now), readThrottle(keys.ip, now)]);
  const lockedUntil = [byEmail.lockedUntil, byIp.lockedUntil].filter((d): d is Date => d !== null).sort((a, b) => +b - +a)[0];
  const actor: Actor = { kind: "user", id: null, label: email, role: "REVIEWER", ip: input.ip };
  if (lockedUntil) {
    await audit(actor, "auth.login_refused_locked", null, { ip: input.ip });
    throw new AppError("LOCKED", lockedMessage(lockedUntil, now));
  }
  await deps.sleep(slowDownMs(Math.max(byEmail.failures, byIp.failures)));

  const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !passwordOk || user.disabled) {
    const [emailResult, ipResult] = await Promise.all([
      registerFailure("email", keys.email, now),
      registerFailure("ip", keys.ip, now),
    ]);
    const failedActor = { ...actor, id: user?.id ?? null };
    await audit(failedActor, "auth.login_failed", user?.id ?? null, { ip: input.ip, reason: user?.disabled && passwordOk ? "disabled" : "bad_credentials" });
    const newLock = emailResult.lockedUntil ?? ipResult.lockedUntil;
    if (newLock) {
      await audit(failedActor, "auth.locked", user?.id ?? null, { ip: input.ip, until: newLock.toISOString() });
      throw new AppError("LOCKED", lockedMessage(newLock, now));
    }
    throw new AppError("UNAUTHENTICATED", user?.disabled && passwordOk ? "This account is disabled." : INVALID);
  }

  await clearThrottle(keys.email);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  await audit({ ...actor, id: user.id, role: user.role }, "auth.login", user.id, { ip: input.ip });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
