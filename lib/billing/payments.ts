import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import type { Payment, Tenant } from "@/lib/generated/prisma/client";
import { recordActivities } from "./activities";
import { isHardDecline, nextRetryAt } from "./config";
import type { Effects } from "./effects";
import { formatMoment, formatMoney } from "./format";
import { recordPaymentEvents } from "./record-trial-payment-events";
import { transitionTenants } from "./tenant-transitions";
import { convertLatestTrial } from "./trials";
import { closeReviewItems } from "@/lib/review/intake/close-items";
import { raiseReviewItems } from "@/lib/review/intake/raise-items";
import { getReviewSettings } from "@/lib/review/intake/settings";

export type Context = { tx: Tx; actor: Actor; effects: Effects; tenant: Tenant; at: Date };

const money = (payment: Payment) => formatMoney(payment.amountMinor, payment.currency);

/**
 * A payment is in; the trial converts and the tenant regains full access unless another payment is
 * still being retried (one abandoned earlier does not hold it back: its review item is for a human).
 */
async function settle({ tx, actor, tenant, at }: Context, payment: Payment): Promise<void> {
  const trialId = await convertLatestTrial(tx, actor, tenant.id, at, `by the payment of ${money(payment)}`);
  // Two payments of one tenant settling at once would each see the other still retrying and leave
  // the tenant past due; holding the tenant's row makes the second one see the first one's result.
  await tx.$executeRaw`SELECT 1 FROM tenants WHERE id = ${tenant.id} FOR NO KEY UPDATE`;
  const stillUnpaid = await tx.payment.count({
    where: { tenantId: tenant.id, status: "retrying", id: { not: payment.id } },
  });
  if (stillUnpaid > 0) return;
  await transitionTenants(
    tx,
    actor,
    [{ tenantId: tenant.id, trialId: trialId ?? payment.trialId, paymentId: payment.id }],
    {
      to: "active",
      from: ["trialing", "past_due"],
      liftBillingSuspension: true,
      reason: `Payment of ${money(payment)} received`,
      auditAction: "tenant.activated",
    },
    at,
  );
}

/** A first-time successful charge. */
export async function recordPaid(context: Context, payment: Payment): Promise<void> {
  await recordActivities(context.tx, [
    {
      tenantId: payment.tenantId,
      trialId: payment.trialId,
      paymentId: payment.id,
      kind: "payment_succeeded",
      summary: `Payment of ${money(payment)} succeeded`,
      actorLabel: context.actor.label,
      createdAt: context.at,
    },
  ]);
  await settle(context, payment);
}

/**
 * A payment that had failed is paid, by a dunning retry or by the customer. Only a payment still in
 * the state the caller read is changed, so a retry and a customer payment racing record one recovery.
 */
export async function recordRecovered(
  context: Context,
  payment: Payment,
  how: "retry" | "customer",
): Promise<boolean> {
  const { tx, actor, effects, tenant, at } = context;
  const { count } = await tx.payment.updateMany({
    where: { id: payment.id, status: payment.status, attemptCount: payment.attemptCount },
    data: {
      status: "recovered",
      settledAt: at,
      nextRetryAt: null,
      attemptCount: how === "retry" ? payment.attemptCount + 1 : payment.attemptCount,
    },
  });
  if (count === 0) return false;
  await recordPaymentEvents(tx, [{ type: "payment.recovered", paymentId: payment.id }]);
  const summary =
    how === "retry"
      ? `Retry ${payment.attemptCount} recovered ${money(payment)}`
      : `Customer paid ${money(payment)} after it had failed`;
  await recordActivities(tx, [
    {
      tenantId: tenant.id,
      trialId: payment.trialId,
      paymentId: payment.id,
      kind: "payment_recovered",
      summary,
      actorLabel: actor.label,
      createdAt: at,
    },
  ]);
  await settle(context, payment);
  await closeReviewItems(
    tx,
    actor,
    { dedupeKey: `dunning:${payment.id}` },
    `The payment was recovered (${how === "retry" ? "by a retry" : "by the customer"}) before anyone decided.`,
  );
  effects.emailTenant(tenant, {
    templateKey: "payment_recovered",
    variables: { tenantName: tenant.name, amount: money(payment) },
    dedupeKey: `payment:${payment.id}:recovered`,
  });
  return true;
}

/** Another failed attempt of a payment in recovery; a no-op when the payment moved on meanwhile. */
export async function recordAnotherFailure(
  context: Context,
  payment: Payment,
  failureCode: string,
): Promise<void> {
  const { count } = await context.tx.payment.updateMany({
    where: { id: payment.id, status: "retrying", attemptCount: payment.attemptCount },
    data: { attemptCount: { increment: 1 }, failureCode },
  });
  if (count === 1)
    await recordFailure(context, { ...payment, attemptCount: payment.attemptCount + 1, failureCode });
}

/**
 * Records one failed charge attempt of a payment (`payment.attemptCount` already counts it) and
 * decides what follows: the next retry, or — after the last one or on a hard decline — giving up.
 */
export async function recordFailure(context: Context, payment: Payment): Promise<void> {
  const { tx, actor, effects, tenant, at } = context;
  const code = payment.failureCode ?? "unknown";
  const first = payment.attemptCount === 1;
  await recordActivities(tx, [
    {
      tenantId: tenant.id,
      trialId: payment.trialId,
      paymentId: payment.id,
      kind: first ? "payment_failed" : "payment_retry_failed",
      summary: first
        ? `Payment of ${money(payment)} failed: ${code}`
        : `Retry ${payment.attemptCount - 1} of ${money(payment)} failed: ${code}`,
      actorLabel: actor.label,
      details: { attempt: payment.attemptCount, failureCode: code },
      dedupeKey: `payment:${payment.id}:attempt:${payment.attemptCount}`,
      createdAt: at,
    },
  ]);
  const retryAt = isHardDecline(code)
    ? null
    : nextRetryAt(payment.firstFailedAt ?? at, payment.attemptCount, at);
  if (!retryAt)
    return giveUp(
      context,
      payment,
      isHardDecline(code)
        ? `Hard decline (${code}): not retried`
        : `Still failing after ${payment.attemptCount} attempts (${code})`,
    );

  await tx.payment.update({ where: { id: payment.id }, data: { nextRetryAt: retryAt } });
  await recordPaymentEvents(tx, [{ type: "payment.failed", paymentId: payment.id }]);
  await transitionTenants(
    tx,
    actor,
    [{ tenantId: tenant.id, trialId: payment.trialId, paymentId: payment.id }],
    {
      to: "past_due",
      from: ["trialing", "active"],
      reason: `Payment of ${money(payment)} failed; retrying (access kept meanwhile)`,
      auditAction: "tenant.past_due",
    },
    at,
  );
  effects.emailTenant(tenant, {
    templateKey: "payment_failed",
    variables: {
      tenantName: tenant.name,
      amount: money(payment),
      nextRetryOn: formatMoment(retryAt, tenant.timezone),
    },
    dedupeKey: `payment:${payment.id}:failed:${payment.attemptCount}`,
  });
}

/** Dunning is over without the money: the tenant is suspended, told, and a human reviews the case. */
async function giveUp(context: Context, payment: Payment, why: string): Promise<void> {
  const { tx, actor, effects, tenant, at } = context;
  await tx.payment.update({
    where: { id: payment.id },
    data: { status: "failed", nextRetryAt: null, settledAt: at },
  });
  // The attempt failed, and with it dunning ends.
  await recordPaymentEvents(tx, [
    { type: "payment.failed", paymentId: payment.id },
    { type: "payment.abandoned", paymentId: payment.id },
  ]);
  await recordActivities(tx, [
    {
      tenantId: tenant.id,
      trialId: payment.trialId,
      paymentId: payment.id,
      kind: "payment_abandoned",
      summary: `Recovery of ${money(payment)} stopped: ${why}`,
      actorLabel: actor.label,
      createdAt: at,
    },
  ]);
  const suspended = await transitionTenants(
    tx,
    actor,
    [{ tenantId: tenant.id, trialId: payment.trialId, paymentId: payment.id }],
    {
      to: "suspended",
      from: ["trialing", "active", "past_due"],
      reason: `Payment of ${money(payment)} could not be collected`,
      auditAction: "tenant.suspended",
    },
    at,
  );
  await raiseReviewItems(
    tx,
    [
      {
        kind: "payment_recovery_failed",
        tenantId: tenant.id,
        source: "billing.dunning",
        summary: `${tenant.name}: ${money(payment)} could not be collected (${why})`,
        evidence: {
          paymentId: payment.id,
          providerReference: payment.providerReference,
          amountMinor: payment.amountMinor,
          currency: payment.currency,
          attempts: payment.attemptCount,
          lastFailureCode: payment.failureCode,
          hardDecline: isHardDecline(payment.failureCode ?? ""),
          tenantSuspended: suspended.length > 0,
        },
        dedupeKey: `dunning:${payment.id}`,
      },
    ],
    await getReviewSettings(),
    at,
  );
  effects.requestReviewDecisions();
  if (suspended.length) {
    effects.emailTenant(tenant, {
      templateKey: "account_suspended",
      variables: {
        tenantName: tenant.name,
        reason: `we could not collect your payment of ${money(payment)}`,
      },
      dedupeKey: `payment:${payment.id}:suspended`,
    });
  }
  effects.notifyOwners({
    severity: "warning",
    title: `Payment recovery failed: ${tenant.name}`,
    body: `${money(payment)} could not be collected (${why}). A review item was created.`,
    link: `/billing/payments`,
    dedupeKey: `dunning:${payment.id}:abandoned`,
    alertClass: "payment_failed_final",
  });
}

/**
 * Stops every retry of a tenant that is going away: its retrying payments are cancelled, each with
 * a timeline entry. Conditional, so a payment dunning collected meanwhile stays as it is.
 */
export async function stopPaymentRetries(
  tx: Tx,
  actor: Actor,
  tenantId: string,
  reason: string,
  at: Date,
): Promise<number> {
  const payments = await tx.payment.updateManyAndReturn({
    where: { tenantId, status: "retrying" },
    data: { status: "cancelled", nextRetryAt: null, settledAt: at },
    select: { id: true },
  });
  await recordPaymentEvents(
    tx,
    payments.map((p) => ({ type: "payment.abandoned" as const, paymentId: p.id })),
  );
  await recordActivities(
    tx,
    payments.map((p) => ({
      tenantId,
      paymentId: p.id,
      kind: "payment_abandoned" as const,
      summary: `Retries stopped: ${reason.toLowerCase()}`,
      actorLabel: actor.label,
      createdAt: at,
    })),
  );
  return payments.length;
}
