import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Actor } from "./actor";
import { decryptPii } from "@/lib/crypto/pii";
import { decoyPasswordHash, verifyPassword } from "./password";
import { passesSecondFactor } from "./two-factor";
import { TWO_FACTOR_PROMPT } from "./two-factor-prompt";
import {
  countAttempt,
  isOverLimit,
  lock,
  reachedLimit,
  recordSuccess,
  slowDownMs,
  THROTTLE_POLICY,
  throttleKeys,
} from "./login-throttle";

export type SignInDeps = { now: () => Date; sleep: (ms: number) => Promise<void> };

const realDeps: SignInDeps = { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export type SignedInUser = { id: string; email: string; name: string; role: Role };

const INVALID = "Email or password is incorrect.";
const WRONG_CODE = "That code is not right. Use the current one from your app, or an unused recovery code.";

function lockedMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

type SignInCandidate = {
  id: string;
  disabled: boolean;
  totpEnabledAt: Date | null;
  totpSecretEncrypted: string | null;
};

/**
 * Why an attempt fails, or null when it signs in. With two-factor sign-in on, a right password
 * still needs a current code or an unused recovery code.
 */
async function attemptFailure(
  user: SignInCandidate | null,
  passwordOk: boolean,
  code: string | undefined,
  now: Date,
): Promise<"bad_credentials" | "disabled" | "code_required" | "bad_second_factor" | null> {
  if (!user || !passwordOk) return "bad_credentials";
  if (user.disabled) return "disabled";
  if (!user.totpEnabledAt || !user.totpSecretEncrypted) return null;
  if (!code?.trim()) return "code_required";
  const secret = decryptPii(user.totpSecretEncrypted);
  return (await passesSecondFactor(db, { id: user.id, secret }, code, now)) ? null : "bad_second_factor";
}

async function audit(actor: Actor, action: string, entityId: string | null, after: Record<string, string>) {
  await db.$transaction((tx) => recordAudit(tx, actor, { action, entityType: "user", entityId, after }));
}

/**
 * Checks an email and password with slow-down per account and lockout per address (login-throttle.ts).
 * Every failure, lock and success is audit-logged. Throws AppError (UNAUTHENTICATED or LOCKED).
 */
export async function signInWithPassword(
  input: { email: string; password: string; code?: string; ip: string },
  deps: SignInDeps = realDeps,
): Promise<SignedInUser> {
  const email = input.email.trim().toLowerCase();
  const now = deps.now();
  const user = await db.user.findUnique({
    where: { email },
    omit: { passwordHash: false, totpSecretEncrypted: false },
  });
  // What was typed into the email field may be a pasted password: only a real account's email is recorded.
  const label = user
    ? email
    : `unknown-email:${createHash("sha256").update(email).digest("hex").slice(0, 12)}`;
  const actor: Actor = {
    kind: "user",
    id: user?.id ?? null,
    label,
    role: user?.role ?? "REVIEWER",
    ip: input.ip,
  };

  const keys = throttleKeys(email, input.ip);
  const counts = await Promise.all([
    countAttempt("account", keys.account, now),
    countAttempt("pair", keys.pair, now),
    countAttempt("ip", keys.ip, now),
  ]);
  if (counts.some(isOverLimit)) {
    const until =
      counts.map((c) => c.lockedUntil).find((d) => d !== null) ??
      new Date(now.getTime() + THROTTLE_POLICY.lockMs);
    await audit(actor, "auth.login_refused_locked", user?.id ?? null, { ip: input.ip });
    throw new AppError("LOCKED", lockedMessage(until, now));
  }
  await deps.sleep(slowDownMs(Math.max(...counts.map((c) => c.attempts - 1))));

  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
  const failure = await attemptFailure(user, passwordOk, input.code, now);
  if (failure === "code_required") throw new AppError("UNAUTHENTICATED", TWO_FACTOR_PROMPT);
  if (!user || failure) {
    await audit(actor, "auth.login_failed", user?.id ?? null, { ip: input.ip, reason: failure ?? "" });
    const reached = counts.filter(reachedLimit);
    if (reached.length) {
      const until = new Date(now.getTime() + THROTTLE_POLICY.lockMs);
      await lock(
        reached.map((c) => c.key),
        until,
      );
      await audit(actor, "auth.locked", user?.id ?? null, { ip: input.ip, until: until.toISOString() });
      throw new AppError("LOCKED", lockedMessage(until, now));
    }
    if (failure === "bad_second_factor") throw new AppError("UNAUTHENTICATED", WRONG_CODE);
    // A disabled account gets the same answer as a wrong password: the reason is in the audit log only.
    throw new AppError("UNAUTHENTICATED", INVALID);
  }

  await recordSuccess(keys);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    await recordAudit(tx, actor, {
      action: "auth.login",
      entityType: "user",
      entityId: user.id,
      after: { ip: input.ip },
    });
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
