import { db } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { logger } from "@/lib/logger";
import { mapWithConcurrency } from "@/lib/map-with-concurrency";
import type { Payment, Tenant } from "@/lib/generated/prisma/client";
import { changeWithEffects } from "./effects";
import type { PaymentGateway, GatewayOutcome } from "./payment-gateway";
import { recordAnotherFailure, recordRecovered } from "./payments";

const BATCH = 100;
// The billing endpoint is one service; a few calls at once keep a sweep short without flooding it.
const CONCURRENT_CALLS = 5;
/** A claimed payment is left alone this long; if the run dies or gets no answer, the next run after it retries. */
const CLAIM_MS = 15 * 60_000;

type RetrySummary = {
  due: number;
  recovered: number;
  failed: number;
  unanswered: number;
  waitingForGateway: boolean;
};

const actor = systemActor("dunning");

async function claimDue(now: Date): Promise<(Payment & { tenant: Tenant })[]> {
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE payments SET next_retry_at = ${new Date(now.getTime() + CLAIM_MS)}
    WHERE id IN (
      SELECT id FROM payments
      WHERE status = 'retrying' AND next_retry_at <= ${now}
      ORDER BY next_retry_at, id
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  return db.payment.findMany({ where: { id: { in: claimed.map((c) => c.id) } }, include: { tenant: true } });
}

async function applyOutcome(
  payment: Payment & { tenant: Tenant },
  outcome: GatewayOutcome,
  now: Date,
): Promise<void> {
  await changeWithEffects(async (tx, effects) => {
    const context = { tx, actor, effects, tenant: payment.tenant, at: now };
    if (outcome.status === "succeeded") await recordRecovered(context, payment, "retry");
    else await recordAnotherFailure(context, payment, outcome.failureCode);
  });
}

/**
 * Retries every payment whose retry is due through the gateway. Each payment is claimed first
 * (FOR UPDATE SKIP LOCKED), so two runs at once never retry the same one; a gateway that does not
 * answer costs the payment no attempt, it is tried again after the claim lapses.
 */
export async function retryFailedPayments(
  gateway: PaymentGateway | null,
  now = new Date(),
  onProgress?: (percent: number) => Promise<void>,
): Promise<RetrySummary> {
  const due = await db.payment.count({ where: { status: "retrying", nextRetryAt: { lte: now } } });
  const summary: RetrySummary = {
    due,
    recovered: 0,
    failed: 0,
    unanswered: 0,
    waitingForGateway: gateway === null,
  };
  if (!gateway || due === 0) {
    if (!gateway && due > 0)
      logger.warn({ due }, "payments are due for a retry but BILLING_WEBHOOK_URL is not set");
    return summary;
  }
  let done = 0;
  for (let batch = await claimDue(now); batch.length > 0; batch = await claimDue(now)) {
    await mapWithConcurrency(batch, CONCURRENT_CALLS, async (payment) => {
      const attempt = payment.attemptCount + 1;
      let outcome: GatewayOutcome;
      try {
        outcome = await gateway.retry({
          paymentId: payment.id,
          providerReference: payment.providerReference,
          tenant: payment.tenant.slug,
          amountMinor: payment.amountMinor,
          currency: payment.currency,
          attempt,
          idempotencyKey: `payment:${payment.id}:attempt:${attempt}`,
        });
      } catch (error) {
        summary.unanswered++;
        logger.warn(
          { paymentId: payment.id, err: (error as Error).message },
          "billing endpoint gave no answer; the retry is tried again later",
        );
        return;
      }
      await applyOutcome(payment, outcome, now);
      summary[outcome.status === "succeeded" ? "recovered" : "failed"]++;
    });
    done += batch.length;
    await onProgress?.(Math.min(99, Math.round((done / due) * 100)));
  }
  return summary;
}
