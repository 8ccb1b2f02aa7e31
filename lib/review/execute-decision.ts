import { db } from "@/lib/db";
import { systemActor, type Actor } from "@/lib/auth/actor";
import { changeWithEffects } from "@/lib/billing/effects";
import { formatMoney } from "@/lib/billing/format";
import type { GatewayOutcome, PaymentGateway } from "@/lib/billing/payment-gateway";
import { recordRecovered } from "@/lib/billing/payments";
import { AppError, isAppError } from "@/lib/errors";
import type { Payment, ReviewDecision, ReviewItem, Tenant, User } from "@/lib/generated/prisma/client";
import { enqueueBulk } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";
import { queueEmail } from "@/lib/notifications/queue-email";
import { suspendTenantAs } from "@/lib/tenants/change-tenant-status";

/** An execution still queued this long after its decision lost its job (Redis was down); it is queued again. */
const STRANDED_AFTER_MS = 2 * 60_000;

type Outcome = { ok: boolean; detail: string };
type Target = ReviewDecision & { item: ReviewItem & { tenant: Tenant }; actor: Pick<User, "role"> | null };

/** Queues the execution of decisions that have one; a decision's job id is its own, so queueing twice runs it once. */
export async function queueExecutions(decisions: Pick<ReviewDecision, "id" | "executionStatus">[]): Promise<void> {
  const queued = decisions.filter((d) => d.executionStatus === "queued");
  await enqueueBulk(
    "execute-review-decision",
    queued.map((d) => ({ payload: { decisionId: d.id }, options: { jobId: `review-execution-${d.id}` } })),
  ).catch((error: unknown) => logger.warn({ err: error }, "review executions will be queued again by the next sweep"));
}

/** Executions recorded but never queued (their producer lost Redis) are queued again. */
export async function requeueStrandedExecutions(now = new Date()): Promise<number> {
  const stranded = await db.reviewDecision.findMany({
    where: { executionStatus: "queued", decidedAt: { lt: new Date(now.getTime() - STRANDED_AFTER_MS) } },
    select: { id: true, executionStatus: true },
    take: 500,
  });
  await queueExecutions(stranded);
  return stranded.length;
}

/** Who an execution acts as in the audit log: the person who decided, or the review engine itself. */
function actorOf(decision: Target): Actor {
  if (!decision.actorId || !decision.actor) return systemActor("review-engine");
  return { kind: "user", id: decision.actorId, label: decision.actorLabel, role: decision.actor.role };
}

type Money = { reference: string | null; amountMinor: number; currency: string; payment: Payment | null };

/** The charge an item is about: a dunning payment Steward holds, or the one a payment issue names. */
async function moneyOf(item: ReviewItem): Promise<Money> {
  const evidence = item.evidence as Record<string, unknown>;
  if (typeof evidence.paymentId === "string") {
    const payment = await db.payment.findUnique({ where: { id: evidence.paymentId } });
    if (!payment) throw new AppError("NOT_FOUND", "The payment of this item no longer exists.");
    return { reference: payment.providerReference, amountMinor: payment.amountMinor, currency: payment.currency, payment };
  }
  const details = (evidence.details ?? {}) as { payment_reference?: string; amount?: number; currency?: string };
  if (typeof details.amount !== "number" || typeof details.currency !== "string") throw new AppError("VALIDATION", "This item names no payment to act on.");
  const reference = details.payment_reference ?? null;
  const payment = reference ? await db.payment.findUnique({ where: { providerReference: reference } }) : null;
  // The platform names the charge; one of another tenant's is never acted on in this tenant's name.
  if (payment && payment.tenantId !== item.tenantId) throw new AppError("CONFLICT", `The charge ${reference} belongs to another tenant; nothing was sent.`);
  return { reference, amountMinor: details.amount, currency: details.currency, payment };
}

function describe(outcome: GatewayOutcome, done: string): Outcome {
  return outcome.status === "succeeded" ? { ok: true, detail: done } : { ok: false, detail: `The billing system declined it (${outcome.failureCode}).` };
}

async function suspend(target: Target): Promise<Outcome> {
  const { item } = target;
  if (item.tenant.status === "suspended") return { ok: true, detail: "The tenant was already suspended." };
  if (item.tenant.status === "cancelled") return { ok: false, detail: "The tenant is cancelled; there is nothing to suspend." };
  await suspendTenantAs(actorOf(target), { id: item.tenantId, reason: `Review decision: ${item.summary}` });
  return { ok: true, detail: `${item.tenant.name} was suspended.` };
}

async function retryPayment(target: Target, gateway: PaymentGateway): Promise<Outcome> {
  const money = await moneyOf(target.item);
  if (!money.reference) return { ok: false, detail: "This item names no charge to retry." };
  const { payment } = money;
  const outcome = await gateway.retry({
    paymentId: payment?.id ?? money.reference,
    providerReference: money.reference,
    tenant: target.item.tenant.slug,
    amountMinor: money.amountMinor,
    currency: money.currency,
    attempt: (payment?.attemptCount ?? 0) + 1,
    idempotencyKey: `review:${target.id}:retry`,
  });
  if (outcome.status === "succeeded" && payment && (payment.status === "failed" || payment.status === "retrying")) {
    // The same recovery as dunning's: the trial converts, a billing suspension is lifted, the tenant is told.
    await changeWithEffects((tx, effects) => recordRecovered({ tx, actor: actorOf(target), effects, tenant: target.item.tenant, at: new Date() }, payment, "retry"));
  }
  return describe(outcome, `The billing system charged ${formatMoney(money.amountMinor, money.currency)}.`);
}

async function refund(target: Target, gateway: PaymentGateway): Promise<Outcome> {
  const money = await moneyOf(target.item);
  if (!money.reference) return { ok: false, detail: "This item names no charge to refund." };
  const outcome = await gateway.refund({
    providerReference: money.reference,
    tenant: target.item.tenant.slug,
    amountMinor: money.amountMinor,
    currency: money.currency,
    idempotencyKey: `review:${target.id}:refund`,
  });
  return describe(outcome, `${formatMoney(money.amountMinor, money.currency)} was refunded.`);
}

async function remind(target: Target): Promise<Outcome> {
  const { tenant } = target.item;
  await queueEmail({
    templateKey: "payment_reminder",
    to: { encrypted: tenant.contactEmailEncrypted, digest: tenant.contactEmailDigest },
    variables: { tenantName: tenant.name, reason: reminderReason(target.item) },
    dedupeKey: `review:${target.id}:reminder`,
  });
  return { ok: true, detail: "A payment reminder was queued to the tenant's contact." };
}

function reminderReason(item: ReviewItem): string {
  if (item.kind === "payment_missed_installment") return "an installment of your payment plan is overdue.";
  if (item.kind === "suspension") return "your account has unpaid invoices.";
  return "we could not take your last payment.";
}

/**
 * Executes a decision's action once: the job that finds it still queued does it and records the
 * outcome on the decision (the item shows it). A gateway that gives no answer is retried by the job;
 * on its last attempt, or when the action cannot succeed, the execution is recorded as failed.
 */
export async function executeReviewDecision(decisionId: string, gateway: PaymentGateway | null, options: { finalAttempt: boolean }): Promise<Outcome | null> {
  const target = await db.reviewDecision.findUnique({ where: { id: decisionId }, include: { item: { include: { tenant: true } }, actor: { select: { role: true } } } });
  if (!target) throw new AppError("NOT_FOUND", "No such review decision.");
  if (target.executionStatus !== "queued" || !target.action) return null;

  let outcome: Outcome;
  try {
    if ((target.action === "retry_payment" || target.action === "approve_refund") && !gateway) {
      outcome = { ok: false, detail: "No billing endpoint is configured (BILLING_WEBHOOK_URL), so nothing could be sent to the billing system." };
    } else if (target.action === "suspend_tenant") outcome = await suspend(target);
    else if (target.action === "retry_payment") outcome = await retryPayment(target, gateway!);
    else if (target.action === "approve_refund") outcome = await refund(target, gateway!);
    else if (target.action === "send_reminder") outcome = await remind(target);
    else outcome = { ok: true, detail: "Dismissed: nothing to execute." };
  } catch (error) {
    const definite = isAppError(error);
    if (!definite && !options.finalAttempt) throw error;
    outcome = { ok: false, detail: definite ? error.message : `The action could not be completed: ${(error as Error).message}` };
  }
  await db.reviewDecision.updateMany({
    where: { id: target.id, executionStatus: "queued" },
    data: { executionStatus: outcome.ok ? "succeeded" : "failed", executionDetail: outcome.detail, executedAt: new Date() },
  });
  return outcome;
}
