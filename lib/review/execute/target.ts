import { systemActor, type Actor } from "@/lib/auth/actor";
import type { PaymentGateway } from "@/lib/billing/payment-gateway";
import type { ReviewDecision, ReviewItem, Tenant, User } from "@/lib/generated/prisma/client";

/** What an execution reports, shown on the decision. */
export type Outcome = { ok: boolean; detail: string };

/** The decision being executed, with its item, the item's tenant and who decided. */
export type Target = ReviewDecision & {
  item: ReviewItem & { tenant: Tenant };
  actor: Pick<User, "role"> | null;
};

/**
 * Carries out one action of a decision. Throws an AppError when the action cannot succeed (recorded
 * as failed), anything else when it may succeed on the job's next attempt.
 */
export type Executor = (target: Target, gateway: PaymentGateway | null) => Promise<Outcome>;

/** Who an execution acts as in the audit log: the person who decided, or the review engine itself. */
export function actorOf(decision: Target): Actor {
  if (!decision.actorId || !decision.actor) return systemActor("review-engine");
  return { kind: "user", id: decision.actorId, label: decision.actorLabel, role: decision.actor.role };
}
