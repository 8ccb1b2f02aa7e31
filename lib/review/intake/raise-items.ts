import type { Prisma, Tx } from "@/lib/db";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { enqueueSoon, type OutboxJob } from "@/lib/jobs/outbox";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { Factor } from "@/lib/review/recommendation";
import { recordReviewItemEvents } from "@/lib/review/record-review-item-events";
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

/** Escalated items come before everything a reviewer can decide alone. */
export const ESCALATION_PRIORITY = 100;

/** Where an item starts in the queue: its kind's base priority, raised by its score when the kind says so. */
export function basePriority(kind: ReviewItemKind, score: number | null | undefined): number {
  const { basePriority: base, scorePriority } = REVIEW_KINDS[kind];
  return base + (scorePriority && score ? scorePriority(score) : 0);
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

// One waiting pass, however many items a burst raises (each pass decides every pending item); an
// item raised while a pass runs gets one more pass after it, so it never waits for the schedule.
export const decisionRequest = {
  name: "decide-review-items",
  payload: {},
  options: { deduplication: { id: "decide-review-items", keepLastIfActive: true } },
} as const satisfies OutboxJob<"decide-review-items">;

/**
 * After the items' transaction committed: asks the worker to decide them now rather than at the next
 * minute's sweep, through the job outbox, so a Redis outage delays the request but never hangs the
 * caller.
 */
export async function requestDecisions(): Promise<void> {
  await enqueueSoon(decisionRequest.name, decisionRequest.payload, decisionRequest.options);
}
