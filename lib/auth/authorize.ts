import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Actor } from "./actor";

/**
 * The one role check. Steward itself (worker, CLI) is trusted; a person must hold one of `roles`;
 * an API key is refused (machine routes check its scopes instead).
 * Route handlers, server actions and pages all end up here.
 */
export function assertRole(actor: Actor | null, roles: readonly Role[]): asserts actor is Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (actor.kind === "system") return;
  // API keys carry scopes, not roles: they never pass a role check.
  if (actor.kind !== "user" || actor.role === "SYSTEM" || !roles.includes(actor.role))
    throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}

/**
 * For reading (pages, GET routes): as assertRole, and a VIEWER may read whatever an owner may.
 * Writes go through assertRole, which lets a VIEWER do only what names the role itself.
 */
export function assertCanRead(actor: Actor | null, roles: readonly Role[]): asserts actor is Actor {
  if (actor?.kind === "user" && actor.role === "VIEWER" && roles.includes("OWNER")) return;
  assertRole(actor, roles);
}

/** With REQUIRE_2FA, an owner without two-factor sign-in may only set it up (or sign out elsewhere). */
export function assertTwoFactorReady(actor: Actor, actionName: string): void {
  if (actor.mustSetUpTwoFactor && !/^(two_factor|sessions)\./.test(actionName))
    throw new AppError("FORBIDDEN", "Set up two-factor sign-in on your profile first.");
}
