import type { Role } from "@/lib/generated/prisma/enums";

/**
 * Who is doing something: a signed-in person, an API key, or Steward itself (worker, CLI).
 * Use cases receive it, check it, and write it into the audit log.
 */
export type Actor = {
  kind: "user" | "apiKey" | "system";
  id: string | null;
  /** Shown in the audit log: an email, "api-key:<name>", or "system:<process>". */
  label: string;
  role: Role | "SYSTEM";
  ip?: string | null;
  requestId?: string | null;
  /** The browser session a signed-in person acts from (lib/auth/staff-sessions.ts). */
  sessionId?: string | null;
  /** An owner who must set up two-factor sign-in (REQUIRE_2FA) before doing anything else. */
  mustSetUpTwoFactor?: boolean;
};

export function systemActor(process: string): Actor {
  return { kind: "system", id: null, label: `system:${process}`, role: "SYSTEM" };
}
