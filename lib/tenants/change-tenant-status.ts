import { db, type Tx } from "@/lib/db";
import { stopPaymentRetries } from "@/lib/billing/payments";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { TenantStatus } from "@/lib/generated/prisma/enums";
import { changeTenantStatusSchema } from "./schemas";
import { getTenantOrThrow } from "./queries";
import { auditSnapshot } from "./tenant-view";
import { webRedis } from "@/lib/redis";
import { announceRulesChanged } from "@/lib/rate-limits/rules-cache";
import { recordTenantEvents, statusChangeEvent } from "@/lib/webhooks/record-event";
import { recordSubscriptionChanges, sourceOf } from "@/lib/plans/record-subscription-changes";

type Change = {
  action: string;
  allowedFrom: TenantStatus[];
  refusal: string;
  to: (current: { status: TenantStatus; statusBeforeSuspension: TenantStatus | null }) => {
    status: TenantStatus;
    statusBeforeSuspension: TenantStatus | null;
  };
  /** What else the change means, in the same transaction. */
  also?: (tx: Tx, at: Date) => Promise<unknown>;
};

/**
 * Applies a status change only if the tenant is still in an allowed status when written
 * (a conditional update), so two owners acting at once get one change and one clear refusal.
 */
async function changeStatus(actor: Actor, input: { id: string; reason: string }, change: Change) {
  const result = await db.$transaction(async (tx) => {
    const before = await getTenantOrThrow(input.id, tx);
    if (!change.allowedFrom.includes(before.status)) throw new AppError("CONFLICT", change.refusal);
    const next = change.to(before);
    const at = new Date();
    const { count } = await tx.tenant.updateMany({
      where: { id: input.id, status: before.status },
      data: { ...next, billingSuspended: false, statusReason: input.reason, statusChangedAt: at },
    });
    if (count === 0)
      throw new AppError("CONFLICT", "Someone changed this tenant at the same time; reload and try again.");
    await change.also?.(tx, at);
    await recordSubscriptionChanges(tx, [input.id], { at, source: sourceOf(actor) });
    const after = await getTenantOrThrow(input.id, tx);
    await recordAudit(tx, actor, {
      action: change.action,
      entityType: "tenant",
      entityId: input.id,
      before: auditSnapshot(before),
      after: { ...auditSnapshot(after), reason: input.reason },
    });
    await recordTenantEvents(tx, [{ tenant: after, type: statusChangeEvent(before.status, after.status) }]);
    return { id: input.id };
  });
  // Decision processes refuse or admit the tenant from their next check on.
  await announceRulesChanged(webRedis(), input.id);
  return result;
}

/** Suspending cuts a tenant off; a cancelled tenant is gone for good and cannot be suspended. */
export const SUSPENDABLE: TenantStatus[] = [
  TenantStatus.trialing,
  TenantStatus.active,
  TenantStatus.past_due,
];

/** Suspends as a person's decision (never lifted by a payment), for whoever already checked the actor may. */
export function suspendTenantAs(actor: Actor, input: { id: string; reason: string }) {
  return changeStatus(actor, input, {
    action: "tenant.suspended",
    allowedFrom: SUSPENDABLE,
    refusal: "Only a trialing, active or past-due tenant can be suspended.",
    to: (current) => ({ status: TenantStatus.suspended, statusBeforeSuspension: current.status }),
  });
}

/**
 * A tenant that billing suspended stays suspended by a person's decision: a payment no longer lifts
 * it. Audited; a tenant no longer billing-suspended is left as it is.
 */
export function keepSuspendedAs(actor: Actor, input: { id: string; reason: string }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.tenant.updateMany({
      where: { id: input.id, status: TenantStatus.suspended, billingSuspended: true },
      data: { billingSuspended: false, statusReason: input.reason },
    });
    if (count === 0) return;
    await recordAudit(tx, actor, {
      action: "tenant.suspension_confirmed",
      entityType: "tenant",
      entityId: input.id,
      before: { billingSuspended: true },
      after: { billingSuspended: false, reason: input.reason },
    });
  });
}

/**
 * Cancels a tenant for good as a person's decision (archiving one that stopped using the platform),
 * and stops retrying its unpaid payments: a cancelled customer is never charged again.
 * A trial is not cancelled here: it ends by itself, or by the billing system's cancellation.
 */
export function cancelTenantAs(actor: Actor, input: { id: string; reason: string }) {
  return changeStatus(actor, input, {
    action: "tenant.cancelled",
    allowedFrom: [TenantStatus.active, TenantStatus.past_due, TenantStatus.suspended],
    refusal: "Only an active, past-due or suspended tenant can be cancelled.",
    to: () => ({ status: TenantStatus.cancelled, statusBeforeSuspension: null }),
    also: (tx, at) => stopPaymentRetries(tx, actor, input.id, input.reason, at),
  });
}

export const suspendTenant = defineAction({
  name: "tenants.suspend",
  roles: ["OWNER"],
  input: changeTenantStatusSchema,
  run: suspendTenantAs,
});

/** Reactivating returns the tenant to what it was before (a trial stays a trial, unpaid stays past due). */
export function reactivateTenantAs(actor: Actor, input: { id: string; reason: string }) {
  return changeStatus(actor, input, {
    action: "tenant.reactivated",
    allowedFrom: [TenantStatus.suspended],
    refusal: "Only a suspended tenant can be reactivated.",
    to: (current) => ({
      status: current.statusBeforeSuspension ?? TenantStatus.active,
      statusBeforeSuspension: null,
    }),
  });
}

export const reactivateTenant = defineAction({
  name: "tenants.reactivate",
  roles: ["OWNER"],
  input: changeTenantStatusSchema,
  run: reactivateTenantAs,
});
