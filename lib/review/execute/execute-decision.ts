import { db } from "@/lib/db";
import type { PaymentGateway } from "@/lib/billing/payment-gateway";
import { AppError, isAppError } from "@/lib/errors";
import { recordReviewItemEvents } from "@/lib/review/record-review-item-events";
import { EXECUTORS } from "./executors";
import { RUNNING_STALE_MS } from "./queue-executions";
import type { Outcome } from "./target";

/**
 * Claims a decision's execution: still queued and not reversed by a reopen, or running for so long
 * that its worker must have died. Two runs of one job (a stalled job, a re-queue) execute it once.
 */
async function claimExecution(decisionId: string, now: Date): Promise<boolean> {
  const { count } = await db.reviewDecision.updateMany({
    where: {
      id: decisionId,
      reversedAt: null,
      OR: [
        { executionStatus: "queued" },
        { executionStatus: "running", executedAt: { lt: new Date(now.getTime() - RUNNING_STALE_MS) } },
      ],
    },
    data: { executionStatus: "running", executedAt: now },
  });
  return count === 1;
}

/**
 * Executes a decision's action once and records the outcome on the decision (the item shows it). A
 * gateway that gives no answer is retried by the job; on its last attempt, or when the action cannot
 * succeed, the execution is recorded as failed.
 */
export async function executeReviewDecision(
  decisionId: string,
  gateway: PaymentGateway | null,
  options: { finalAttempt: boolean },
): Promise<Outcome | null> {
  const target = await db.reviewDecision.findUnique({
    where: { id: decisionId },
    include: { item: { include: { tenant: true } }, actor: { select: { role: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "No such review decision.");
  if (!target.action || !(await claimExecution(decisionId, new Date()))) return null;

  let outcome: Outcome;
  try {
    outcome = await EXECUTORS[target.action](target, gateway);
  } catch (error) {
    const definite = isAppError(error);
    if (!definite && !options.finalAttempt) {
      // Handed back for the job's next attempt.
      await db.reviewDecision.updateMany({
        where: { id: target.id, executionStatus: "running" },
        data: { executionStatus: "queued" },
      });
      throw error;
    }
    outcome = {
      ok: false,
      detail: definite ? error.message : `The action could not be completed: ${(error as Error).message}`,
    };
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.reviewDecision.updateMany({
      where: { id: target.id, executionStatus: "running" },
      data: {
        executionStatus: outcome.ok ? "succeeded" : "failed",
        executionDetail: outcome.detail,
        executedAt: new Date(),
      },
    });
    if (count === 1) await recordReviewItemEvents(tx, "review_item.executed", [target.itemId]);
  });
  return outcome;
}
