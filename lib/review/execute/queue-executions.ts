import { db } from "@/lib/db";
import type { ReviewDecision } from "@/lib/generated/prisma/client";
import { enqueueBulk } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";

/** An execution still queued this long after its decision lost its job (Redis was down); it is queued again. */
const STRANDED_AFTER_MS = 2 * 60_000;
/** An execution running this long lost its worker (an action takes seconds); another run may take it over. */
export const RUNNING_STALE_MS = 5 * 60_000;

/** Queues the execution of decisions that have one; a decision's job id is its own, so queueing twice runs it once. */
export async function queueExecutions(
  decisions: Pick<ReviewDecision, "id" | "executionStatus">[],
): Promise<void> {
  const queued = decisions.filter((d) => d.executionStatus === "queued");
  await enqueueBulk(
    "execute-review-decision",
    queued.map((d) => ({ payload: { decisionId: d.id }, options: { jobId: `review-execution-${d.id}` } })),
  ).catch((error: unknown) =>
    logger.warn({ err: error }, "review executions will be queued again by the next sweep"),
  );
}

/**
 * Executions recorded but never queued (their producer lost Redis) are queued again, and so are those
 * whose worker died while running them (under a new job id: the old job counts as done).
 */
export async function requeueStrandedExecutions(now = new Date()): Promise<number> {
  const stranded = await db.reviewDecision.findMany({
    where: {
      OR: [
        { executionStatus: "queued", decidedAt: { lt: new Date(now.getTime() - STRANDED_AFTER_MS) } },
        { executionStatus: "running", executedAt: { lt: new Date(now.getTime() - RUNNING_STALE_MS) } },
      ],
    },
    select: { id: true, executionStatus: true, executedAt: true },
    take: 500,
  });
  await queueExecutions(stranded.filter((d) => d.executionStatus === "queued"));
  const stale = stranded.filter((d) => d.executionStatus === "running");
  await enqueueBulk(
    "execute-review-decision",
    stale.map((d) => ({
      payload: { decisionId: d.id },
      options: { jobId: `review-execution-${d.id}-${d.executedAt!.getTime()}` },
    })),
  ).catch((error: unknown) =>
    logger.warn({ err: error }, "stale review executions will be queued again by the next sweep"),
  );
  return stranded.length;
}
