import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import type { ReviewItem } from "@/lib/generated/prisma/client";
import type { ReviewAction, ReviewVerdict } from "@/lib/generated/prisma/enums";
import { recordReviewItemEvents } from "./record-review-item-events";

/** Writes a decision (a person's or automatic) with what the engine had recommended, and its event. */
export async function recordDecision(
  tx: Tx,
  item: ReviewItem,
  decision: {
    verdict: ReviewVerdict;
    action: ReviewAction | null;
    note: string | null;
    actor: Actor;
    now: Date;
  },
) {
  const executes = decision.action !== null && decision.action !== "dismiss";
  const created = await tx.reviewDecision.create({
    data: {
      itemId: item.id,
      kind: item.kind,
      verdict: decision.verdict,
      action: decision.action,
      note: decision.note,
      actorId: decision.actor.kind === "user" ? decision.actor.id : null,
      actorLabel: decision.actor.label,
      recommendedAction: item.recommendedAction,
      recommendedConfidence: item.confidence,
      engine: item.engine,
      policyFile: item.policyFile,
      policyHash: item.policyHash,
      secondsToDecision: Math.max(0, Math.round((decision.now.getTime() - item.createdAt.getTime()) / 1000)),
      decidedAt: decision.now,
      executionStatus: executes ? "queued" : decision.action === "dismiss" ? "succeeded" : null,
      executionDetail: decision.action === "dismiss" ? "Dismissed: nothing to execute." : null,
      executedAt: decision.action === "dismiss" ? decision.now : null,
    },
  });
  // Callers have moved the item to its decided status already: the event carries both.
  await recordReviewItemEvents(tx, "review_item.decided", [item.id]);
  return created;
}
