import { db } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { raiseNotification } from "@/lib/notifications/raise-notification";
import { logger } from "@/lib/logger";
import { mapWithConcurrency } from "@/lib/map-with-concurrency";
import { ACTION_LABELS } from "@/lib/review/action-labels";
import { queueExecutions, requeueStrandedExecutions } from "@/lib/review/execute/queue-executions";
import { ESCALATION_PRIORITY } from "@/lib/review/intake/raise-items";
import { getReviewSettings, type ReviewSettings } from "@/lib/review/intake/settings";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { EngineOutcome } from "@/lib/review/recommendation";
import { recordDecision } from "@/lib/review/record-decision";
import { decisionContext } from "./decision-context";
import { recommend } from "./decision-engine";
import { policyFor } from "./policies";
import { route } from "./routing";

const BATCH = 10;
// The AI answers in seconds; a few calls at once keep a burst of items moving without a rate-limit storm.
const CONCURRENT_DECISIONS = 4;
/** Longer than two AI calls at their timeout, so a lease never lapses while its worker still decides. */
const LEASE_MS = 5 * 60_000;

const engineActor = systemActor("review-engine");

export type DecideSummary = {
  decided: number;
  autoExecuted: number;
  inReview: number;
  escalated: number;
  failed: number;
};

/** Leases a batch of pending items (most urgent first); a crashed worker's lease lapses and another takes them. */
async function leaseBatch(now: Date): Promise<string[]> {
  // From the later of the pass's time and the clock: a long pass's last batches still get a full lease.
  const until = new Date(Math.max(now.getTime(), Date.now()) + LEASE_MS);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE review_items SET engine_lease_until = ${until}
    WHERE id IN (
      SELECT id FROM review_items
      WHERE status = 'pending' AND (engine_lease_until IS NULL OR engine_lease_until < ${now})
      ORDER BY priority DESC, due_at, id
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  return rows.map((r) => r.id);
}

/** What an item stores of its recommendation and how it was made (the demo seed writes the same). */
export function recommendationFields(kind: ReviewItemKind, outcome: EngineOutcome, at: Date) {
  const { recommendation } = outcome;
  const policy = policyFor(kind);
  return {
    engine: outcome.engine,
    engineNote: outcome.engineNote,
    engineModel: outcome.model,
    policyFile: policy.file,
    policyHash: policy.hash,
    recommendedDecision: recommendation.decision,
    recommendedAction: recommendation.action,
    confidence: recommendation.confidence,
    reasoning: recommendation.reasoning,
    policyApplied: recommendation.policy_applied,
    latencyMs: outcome.latencyMs,
    inputTokens: outcome.inputTokens,
    outputTokens: outcome.outputTokens,
    recommendedAt: at,
  };
}

/** Stores the recommendation and routes the item; an automatic execution is recorded as a decision. */
async function applyOutcome(
  itemId: string,
  kind: ReviewItemKind,
  outcome: EngineOutcome,
  settings: ReviewSettings,
  now: Date,
) {
  const { recommendation } = outcome;
  const policy = policyFor(kind);
  const routed = route(recommendation, settings);
  return db.$transaction(async (tx) => {
    const data: Prisma.ReviewItemUpdateManyMutationInput = {
      status: routed.status,
      engineLeaseUntil: null,
      ...recommendationFields(kind, outcome, now),
      ...(routed.status === "escalated" ? { priority: { increment: ESCALATION_PRIORITY } } : {}),
    };
    // Only an item still pending is routed: a closed one (payment recovered meanwhile) stays closed.
    const [item] = await tx.reviewItem.updateManyAndReturn({
      where: { id: itemId, status: "pending" },
      data,
    });
    if (!item) return null;
    const decision = routed.autoExecute
      ? await recordDecision(tx, item, {
          verdict: "auto_executed",
          action: recommendation.action,
          note: routed.why,
          actor: engineActor,
          now,
        })
      : null;
    await recordAudit(tx, engineActor, {
      action: routed.autoExecute ? "review_item.auto_executed" : "review_item.routed",
      entityType: "review_item",
      entityId: itemId,
      before: { status: "pending" },
      after: {
        status: routed.status,
        engine: outcome.engine,
        engineNote: outcome.engineNote,
        action: recommendation.action,
        confidence: recommendation.confidence,
        policy: policy.file,
        policyHash: policy.hash,
        why: routed.why,
      },
    });
    return { item, decision, routed };
  });
}

/**
 * Asks the decision engine about every pending item and routes each by confidence. Items are
 * leased, so two workers never ask about one item twice; an item whose decision fails stays pending
 * and is tried again when its lease lapses. Also queues again executions whose job was lost.
 */
export async function decidePendingItems(
  now = new Date(),
  onProgress?: (percent: number) => Promise<void>,
): Promise<DecideSummary> {
  const settings = await getReviewSettings();
  const summary: DecideSummary = { decided: 0, autoExecuted: 0, inReview: 0, escalated: 0, failed: 0 };
  const total = await db.reviewItem.count({ where: { status: "pending" } });
  for (let batch = await leaseBatch(now); batch.length > 0; batch = await leaseBatch(now)) {
    await mapWithConcurrency(batch, CONCURRENT_DECISIONS, async (itemId) => {
      try {
        const item = await db.reviewItem.findUniqueOrThrow({
          where: { id: itemId },
          include: { tenant: true },
        });
        // The clock, not the pass's start: a long pass still lets the AI's circuit half-open on time.
        const at = new Date(Math.max(now.getTime(), Date.now()));
        const outcome = await recommend(item.kind, decisionContext(item, at), at);
        const applied = await applyOutcome(itemId, item.kind, outcome, settings, now);
        if (!applied) return;
        summary.decided++;
        if (applied.decision) {
          summary.autoExecuted++;
          await queueExecutions([applied.decision]);
        } else if (applied.routed.status === "escalated") {
          summary.escalated++;
          await raiseNotification({
            severity: "warning",
            title: `Escalated for an owner: ${REVIEW_KINDS[item.kind].label.toLowerCase()}`,
            body: `${item.summary}. Recommended: ${ACTION_LABELS[outcome.recommendation.action]} (confidence ${outcome.recommendation.confidence}).`,
            link: `/review?item=${itemId}`,
            dedupeKey: `review:${itemId}:escalated:${now.getTime()}`,
            alertClass: "review_escalated",
          });
        } else summary.inReview++;
      } catch (error) {
        summary.failed++;
        // The lease is kept, so this run moves on and a later sweep tries again once it lapses.
        logger.error(
          { err: error, itemId },
          "could not decide a review item; it stays pending and is tried again after its lease",
        );
      }
    });
    await onProgress?.(
      Math.min(99, Math.round(((summary.decided + summary.failed) / Math.max(total, 1)) * 100)),
    );
  }
  await requeueStrandedExecutions(now);
  await onProgress?.(100);
  return summary;
}
