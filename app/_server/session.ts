import { randomUUID } from "node:crypto";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import type { Actor } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/client-ip";
import { assertCanRead } from "@/lib/auth/authorize";
import { isAppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { sessionUser } from "@/lib/auth/staff-sessions";
import { loginPathBackHere } from "./requested-path";
import type { Role } from "@/lib/generated/prisma/enums";

/**
 * The signed-in person as an Actor, re-read from the database (null when signed out, the session
 * ended or the account is disabled). Cached per request, so the layout and the page share one lookup.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id || !session.user.sessionId) return null;
  const user = await sessionUser(session.user.sessionId, session.user.id);
  if (!user) return null;
  const h = await headers();
  return {
    kind: "user",
    id: user.id,
    label: user.email,
    role: user.role,
    ip: clientIp((name) => h.get(name)),
    // Written to the audit log as sent, so keep it short.
    requestId: h.get("x-request-id")?.slice(0, 100) ?? randomUUID(),
    sessionId: session.user.sessionId,
    mustSetUpTwoFactor: env().REQUIRE_2FA && user.role === "OWNER" && !user.totpEnabledAt,
  };
});

/**
 * For pages (reads: a VIEWER sees what an owner sees): signed-out visitors go to the login page (and come back after), others without the
 * role to /forbidden, an owner who must set up two-factor sign-in to the profile, where it is done.
 */
export async function requirePageActor(
  roles: readonly Role[],
  options: { twoFactorSetup?: boolean } = {},
): Promise<Actor & { kind: "user"; role: Role }> {
  const actor = await currentActor();
  try {
    assertCanRead(actor, roles);
  } catch (error) {
    if (!isAppError(error)) throw error;
    redirect(error.code === "UNAUTHENTICATED" ? await loginPathBackHere() : "/forbidden");
  }
  if (actor.mustSetUpTwoFactor && !options.twoFactorSetup) redirect("/profile");
  return actor as Actor & { kind: "user"; role: Role };
}
