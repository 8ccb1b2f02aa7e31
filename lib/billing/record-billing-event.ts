import { createHash } from "node:crypto";
import { db, type Prisma, type Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { recordActivities } from "./activities";
import { changeWithEffects } from "./effects";
import { formatDay } from "./format";
import {
  recordAnotherFailure,
  recordFailure,
  recordPaid,
  recordRecovered,
  stopPaymentRetries,
  type Context,
} from "./payments";
import { recordTrialEvents } from "./record-trial-payment-events";
import { occurredAt, type BillingEvent, type EventOf } from "./schemas";
import { transitionTenants } from "./tenant-transitions";
import { latestConvertibleTrial } from "./trials";
import { findOrCreateTenantIn } from "@/lib/tenants/find-or-create-tenant";

const DAY = 86_400_000;

type Result = Prisma.InputJsonObject;

async function trialStarted(
  { tx, actor, effects, tenant, at }: Context,
  data: EventOf<"trial_started">["data"],
): Promise<Result> {
  if (tenant.status === "cancelled")
    throw new AppError("CONFLICT", `Tenant '${tenant.slug}' is cancelled; it cannot start a trial.`);
  if (await tx.trial.findFirst({ where: { tenantId: tenant.id, status: "active" }, select: { id: true } })) {
    throw new AppError("CONFLICT", `Tenant '${tenant.slug}' already has an active trial.`);
  }
  const endsAt = new Date(at.getTime() + data.trial_days * DAY);
  const trial = await tx.trial.create({
    data: { tenantId: tenant.id, plan: data.plan, startedAt: at, endsAt, originalEndsAt: endsAt },
  });
  await recordTrialEvents(tx, [{ type: "trial.started", trialId: trial.id }]);
  await recordActivities(tx, [
    {
      tenantId: tenant.id,
      trialId: trial.id,
      kind: "trial_started",
      summary: `${data.trial_days}-day ${data.plan} trial started`,
      actorLabel: actor.label,
      details: { plan: data.plan, days: data.trial_days },
      createdAt: at,
    },
  ]);
  // A new trial gives back the access an earlier trial's expiry or a failed payment took away.
  await transitionTenants(
    tx,
    actor,
    [{ tenantId: tenant.id, trialId: trial.id }],
    {
      to: "trialing",
      from: [],
      liftBillingSuspension: true,
      reason: "New trial started",
      auditAction: "tenant.reactivated",
    },
    at,
  );
  effects.emailTenant(tenant, {
    templateKey: "trial_welcome",
    variables: {
      tenantName: tenant.name,
      planName: data.plan,
      trialEndsOn: formatDay(endsAt, tenant.timezone),
    },
    dedupeKey: `trial:${trial.id}:welcome`,
  });
  return { trial: { id: trial.id, status: trial.status, ends_at: endsAt.toISOString() } };
}

async function paymentSucceeded(
  context: Context,
  data: EventOf<"payment_succeeded">["data"],
): Promise<Result> {
  const { tx, tenant, at } = context;
  const existing = await tx.payment.findUnique({ where: { providerReference: data.provider_reference } });
  if (existing && existing.tenantId !== tenant.id)
    throw new AppError("CONFLICT", `Payment '${data.provider_reference}' belongs to another tenant.`);
  if (existing && existing.status !== "succeeded" && existing.status !== "recovered") {
    await recordRecovered(context, existing, "customer");
  } else if (!existing) {
    const payment = await tx.payment.create({
      data: {
        tenantId: tenant.id,
        trialId: (await latestConvertibleTrial(tx, tenant.id))?.id,
        amountMinor: data.amount,
        currency: data.currency,
        status: "succeeded",
        providerReference: data.provider_reference,
        settledAt: at,
      },
    });
    await recordPaid(context, payment);
  }
  return paymentResult(tx, data.provider_reference);
}

async function paymentFailed(context: Context, data: EventOf<"payment_failed">["data"]): Promise<Result> {
  const { tx, tenant, at } = context;
  const existing = await tx.payment.findUnique({ where: { providerReference: data.provider_reference } });
  if (existing && existing.tenantId !== tenant.id)
    throw new AppError("CONFLICT", `Payment '${data.provider_reference}' belongs to another tenant.`);
  if (existing && (existing.status === "succeeded" || existing.status === "recovered")) {
    throw new AppError(
      "CONFLICT",
      `Payment '${data.provider_reference}' is already paid; report a refund or dispute instead.`,
    );
  }
  if (existing?.status === "retrying") {
    // The billing system retried on its own: one more attempt of the same payment.
    await recordAnotherFailure(context, existing, data.failure_code);
  } else if (!existing) {
    const payment = await tx.payment.create({
      data: {
        tenantId: tenant.id,
        trialId: (await latestConvertibleTrial(tx, tenant.id))?.id,
        amountMinor: data.amount,
        currency: data.currency,
        status: "retrying",
        providerReference: data.provider_reference,
        failureCode: data.failure_code,
        firstFailedAt: at,
      },
    });
    await recordFailure(context, payment);
  }
  return paymentResult(tx, data.provider_reference);
}

async function subscriptionCancelled(
  { tx, actor, tenant, at }: Context,
  data: EventOf<"subscription_cancelled">["data"],
): Promise<Result> {
  const reason = data.reason ? `Subscription cancelled: ${data.reason}` : "Subscription cancelled";
  // Conditional updates: a trial the sweep expired, or a payment dunning collected, meanwhile stays as it is.
  const trials = await tx.trial.updateManyAndReturn({
    where: { tenantId: tenant.id, status: "active" },
    data: { status: "cancelled", endedAt: at },
    select: { id: true },
  });
  await recordActivities(
    tx,
    trials.map((t) => ({
      tenantId: tenant.id,
      trialId: t.id,
      kind: "trial_cancelled" as const,
      summary: reason,
      actorLabel: actor.label,
      createdAt: at,
    })),
  );
  const stoppedRetries = await stopPaymentRetries(tx, actor, tenant.id, reason, at);
  await transitionTenants(
    tx,
    actor,
    [{ tenantId: tenant.id }],
    {
      to: "cancelled",
      from: ["trialing", "active", "past_due", "suspended"],
      reason,
      auditAction: "tenant.cancelled",
    },
    at,
  );
  return {
    tenant: { id: tenant.id, status: "cancelled" },
    cancelled_trials: trials.length,
    stopped_retries: stoppedRetries,
  };
}

async function paymentResult(tx: Tx, providerReference: string): Promise<Result> {
  const payment = await tx.payment.findUniqueOrThrow({
    where: { providerReference },
    include: { tenant: { select: { status: true } } },
  });
  return {
    payment: {
      id: payment.id,
      status: payment.status,
      attempts: payment.attemptCount,
      next_retry_at: payment.nextRetryAt?.toISOString() ?? null,
    },
    tenant: { id: payment.tenantId, status: payment.tenant.status },
  };
}

function handle(context: Context, event: BillingEvent): Promise<Result> {
  switch (event.type) {
    case "trial_started":
      return trialStarted(context, event.data);
    case "payment_succeeded":
      return paymentSucceeded(context, event.data);
    case "payment_failed":
      return paymentFailed(context, event.data);
    case "subscription_cancelled":
      return subscriptionCancelled(context, event.data);
  }
}

type RecordedEvent = { replayed: boolean; result: unknown };

// Canonical: the validated event in schema order, so whitespace or key order does not make a "different" body.
const hashOf = (event: BillingEvent) => createHash("sha256").update(JSON.stringify(event)).digest("hex");

async function replayOrConflict(event: BillingEvent): Promise<RecordedEvent | null> {
  const stored = await db.billingEvent.findUnique({ where: { idempotencyKey: event.idempotency_key } });
  if (!stored) return null;
  if (stored.bodyHash !== hashOf(event)) {
    throw new AppError(
      "CONFLICT",
      `idempotency_key '${event.idempotency_key}' was already used for a different event.`,
    );
  }
  return { replayed: true, result: stored.result };
}

/**
 * Applies one event from the billing system exactly once per idempotency key. The key is claimed
 * in the same transaction as the change, so two deliveries racing each other apply it once: the
 * second waits on the key, then replays the first's result.
 */
export async function recordBillingEvent(
  actor: Actor,
  event: BillingEvent,
  now = new Date(),
): Promise<RecordedEvent> {
  const earlier = await replayOrConflict(event);
  if (earlier) return earlier;
  const at = occurredAt(event, now);
  try {
    const result = await changeWithEffects(async (tx, effects) => {
      await tx.billingEvent.create({
        data: {
          idempotencyKey: event.idempotency_key,
          type: event.type,
          bodyHash: hashOf(event),
          result: {},
        },
      });
      // An event about a tenant Steward has not seen yet creates it when it says enough (see schemas).
      const tenant = await findOrCreateTenantIn(tx, actor, event.data, {
        status: event.type === "trial_started" ? "trialing" : "active",
        fieldPrefix: "data.",
      });
      const outcome = await handle({ tx, actor, effects, tenant, at }, event);
      await tx.billingEvent.update({
        where: { idempotencyKey: event.idempotency_key },
        data: { result: outcome },
      });
      return outcome;
    });
    return { replayed: false, result };
  } catch (error) {
    const raced = (error as { code?: string }).code === "P2002" ? await replayOrConflict(event) : null;
    if (raced) return raced;
    throw error;
  }
}
