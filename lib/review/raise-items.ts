import type { Prisma, Tx } from "@/lib/db";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { enqueue } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";
import type { Factor } from "./recommendation";
import { recordReviewItemEvents } from "./record-review-item-events";
import type { ReviewSettings } from "./settings";

export type NewReviewItem = {
  kind: ReviewItemKind;
  tenantId: string;
  source: string;
  summary: string;
  evidence: Prisma.InputJsonObject;
  dedupeKey: string;
  score?: number;
  factors?: Factor[];
  requestHash?: string;
};

/** Where a kind starts in the queue before routing (disputes have bank deadlines; refunds can wait). */
const BASE_PRIORITY: Record<ReviewItemKind, number> = {
  payment_dispute: 30,
  payment_recovery_failed: 20,
  payment_decline: 20,
  suspension: 10,
  payment_missed_installment: 10,
  payment_refund_request: 0,
  document_expired: 15,
  plan_upgrade: 5,
  plan_downgrade: 0,
  tenant_archive: 0,
};

/** Escalated items come before everything a reviewer can decide alone. */
export const ESCALATION_PRIORITY = 100;

export function basePriority(kind: ReviewItemKind, score: number | null | undefined): number {
  // Among suspensions, the higher score first.
  return BASE_PRIORITY[kind] + (kind === "suspension" && score ? Math.floor(score / 10) : 0);
}

/**
 * Records review items waiting for the decision engine, each due after its kind's SLA. An item whose
 * dedupe key exists already is left as it is. Returns the ids of the items created.
 */
export async function raiseReviewItems(
  tx: Tx,
  items: NewReviewItem[],
  settings: ReviewSettings,
  now = new Date(),
): Promise<string[]> {
  if (items.length === 0) return [];
  const created = await tx.reviewItem.createManyAndReturn({
    data: items.map((item) => ({
      ...item,
      factors: item.factors as Prisma.InputJsonArray | undefined,
      priority: basePriority(item.kind, item.score),
      dueAt: new Date(now.getTime() + settings.slaHours[item.kind] * 3_600_000),
      createdAt: now,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  const ids = created.map((item) => item.id);
  await recordReviewItemEvents(tx, "review_item.created", ids);
  return ids;
}

/**
 * After the items' transaction committed: asks the worker to decide them now rather than at the next
 * minute's sweep. Losing this (Redis down) only delays them until that sweep.
 */
export async function requestDecisions(): Promise<void> {
  // One waiting pass, however many items a burst raises (each pass decides every pending item); an
  // item raised while a pass runs gets one more pass after it, so it never waits for the schedule.
  await enqueue(
    "decide-review-items",
    {},
    { deduplication: { id: "decide-review-items", keepLastIfActive: true } },
  ).catch((error: unknown) => logger.warn({ err: error }, "review items will be decided by the next sweep"));
}
