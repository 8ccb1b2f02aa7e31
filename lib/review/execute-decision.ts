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
import { keepSuspendedAs, suspendTenantAs } from "@/lib/tenants/change-tenant-status";
import { archiveTenant, changePlan } from "./execute-plan-actions";
import { recordReviewItemEvents } from "./record-review-item-events";

/** An execution still queued this long after its decision lost its job (Redis was down); it is queued again. */
const STRANDED_AFTER_MS = 2 * 60_000;
/** An execution running this long lost its worker (an action takes seconds); another run may take it over. */
const RUNNING_STALE_MS = 5 * 60_000;

export type Outcome = { ok: boolean; detail: string };
type Target = ReviewDecision & { item: ReviewItem & { tenant: Tenant }; actor: Pick<User, "role"> | null };

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
    return {
      reference: payment.providerReference,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      payment,
    };
  }
  const details = (evidence.details ?? {}) as {
    payment_reference?: string;
    amount?: number;
    currency?: string;
  };
  if (typeof details.amount !== "number" || typeof details.currency !== "string")
    throw new AppError("VALIDATION", "This item names no payment to act on.");
  const reference = details.payment_reference ?? null;
  const payment = reference ? await db.payment.findUnique({ where: { providerReference: reference } }) : null;
  // The platform names the charge; one of another tenant's is never acted on in this tenant's name.
  if (payment && payment.tenantId !== item.tenantId)
    throw new AppError("CONFLICT", `The charge ${reference} belongs to another tenant; nothing was sent.`);
  return { reference, amountMinor: details.amount, currency: details.currency, payment };
}

/** Why nothing is sent for a charge Steward knows is no longer unpaid, or null when it still is (or is not Steward's). */
function alreadyHandled(payment: Payment | null): string | null {
  if (!payment || payment.status === "failed") return null;
  if (payment.status === "retrying") return "Dunning is retrying this payment itself; nothing was sent.";
  if (payment.status === "cancelled") return "The subscription was cancelled; nothing was sent.";
  return "The payment was settled meanwhile; nothing was sent.";
}

function describe(outcome: GatewayOutcome, done: string): Outcome {
  return outcome.status === "succeeded"
    ? { ok: true, detail: done }
    : { ok: false, detail: `The billing system declined it (${outcome.failureCode}).` };
}

async function suspend(target: Target): Promise<Outcome> {
  const { item } = target;
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: item.tenantId } });
  if (tenant.status === "cancelled")
    return { ok: false, detail: "The tenant is cancelled; there is nothing to suspend." };
  if (tenant.status !== "suspended") {
    try {
      await suspendTenantAs(actorOf(target), {
        id: item.tenantId,
        reason: `Review decision: ${item.summary}`,
      });
      return { ok: true, detail: `${item.tenant.name} was suspended.` };
    } catch (error) {
      // Someone changed the tenant at the same time; if it ended up suspended, that is what was decided.
      if (!isAppError(error) || error.code !== "CONFLICT") throw error;
      return suspend(target);
    }
  }
  if (tenant.billingSuspended) {
    // Billing's suspension would be lifted by the next payment; a person decided it stays.
    await keepSuspendedAs(actorOf(target), { id: item.tenantId, reason: `Review decision: ${item.summary}` });
    return {
      ok: true,
      detail:
        "The tenant was already suspended by billing; it now stays suspended until an owner reactivates it.",
    };
  }
  return { ok: true, detail: "The tenant was already suspended." };
}

async function retryPayment(target: Target, gateway: PaymentGateway): Promise<Outcome> {
  const money = await moneyOf(target.item);
  if (!money.reference) return { ok: false, detail: "This item names no charge to retry." };
  const { payment } = money;
  const handled = alreadyHandled(payment);
  if (handled) return { ok: true, detail: handled };
  const outcome = await gateway.retry({
    paymentId: payment?.id ?? money.reference,
    providerReference: money.reference,
    tenant: target.item.tenant.slug,
    amountMinor: money.amountMinor,
    currency: money.currency,
    attempt: (payment?.attemptCount ?? 0) + 1,
    // Per item, not per decision: reopening and approving again cannot charge twice.
    idempotencyKey: `review:${target.item.id}:retry`,
  });
  if (outcome.status === "succeeded" && payment) {
    // The same recovery as dunning's: the trial converts, a billing suspension is lifted, the tenant is told.
    await changeWithEffects((tx, effects) =>
      recordRecovered(
        { tx, actor: actorOf(target), effects, tenant: target.item.tenant, at: new Date() },
        payment,
        "retry",
      ),
    );
  }
  return describe(outcome, `The billing system charged ${formatMoney(money.amountMinor, money.currency)}.`);
}

async function refund(target: Target, gateway: PaymentGateway): Promise<Outcome> {
  const money = await moneyOf(target.item);
  if (!money.reference) return { ok: false, detail: "This item names no charge to refund." };
  const { payment } = money;
  if (payment && (payment.currency !== money.currency || payment.amountMinor < money.amountMinor)) {
    return {
      ok: false,
      detail: `The refund asked (${formatMoney(money.amountMinor, money.currency)}) is more than the charge (${formatMoney(payment.amountMinor, payment.currency)}); nothing was sent.`,
    };
  }
  const outcome = await gateway.refund({
    providerReference: money.reference,
    tenant: target.item.tenant.slug,
    amountMinor: money.amountMinor,
    currency: money.currency,
    idempotencyKey: `review:${target.item.id}:refund`,
  });
  return describe(outcome, `${formatMoney(money.amountMinor, money.currency)} was refunded.`);
}

/** Whether an item is about a particular charge (a reminder about one that was settled meanwhile is not sent). */
function namesCharge(item: ReviewItem): boolean {
  const evidence = item.evidence as { paymentId?: unknown; details?: { payment_reference?: unknown } };
  return typeof evidence.paymentId === "string" || typeof evidence.details?.payment_reference === "string";
}

async function remind(target: Target): Promise<Outcome> {
  const { tenant } = target.item;
  if (namesCharge(target.item)) {
    const handled = alreadyHandled((await moneyOf(target.item)).payment);
    if (handled) return { ok: true, detail: handled.replace("nothing was sent", "no reminder was sent") };
  }
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
    if ((target.action === "retry_payment" || target.action === "approve_refund") && !gateway) {
      outcome = {
        ok: false,
        detail:
          "No billing endpoint is configured (BILLING_WEBHOOK_URL), so nothing could be sent to the billing system.",
      };
    } else if (target.action === "suspend_tenant") outcome = await suspend(target);
    else if (target.action === "retry_payment") outcome = await retryPayment(target, gateway!);
    else if (target.action === "approve_refund") outcome = await refund(target, gateway!);
    else if (target.action === "send_reminder") outcome = await remind(target);
    else if (target.action === "change_plan") outcome = await changePlan(target.item, actorOf(target));
    else if (target.action === "archive_tenant") outcome = await archiveTenant(target.item, actorOf(target));
    else outcome = { ok: true, detail: "Dismissed: nothing to execute." };
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
