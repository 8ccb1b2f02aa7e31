import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import type { Tenant } from "@/lib/generated/prisma/client";
import type { TenantStatus } from "@/lib/generated/prisma/enums";
import { recordAudits } from "@/lib/audit/record-audit";
import { recordTenantEvents, statusChangeEvent } from "@/lib/webhooks/record-event";
import { recordActivities } from "./activities";
import { recordSubscriptionChanges } from "@/lib/plans/record-subscription-changes";

export type TenantTransition = {
  to: TenantStatus;
  /** Statuses the change applies to; other tenants are left as they are. */
  from: TenantStatus[];
  /** Also applies to tenants that billing itself suspended (a payment lifts those, never an owner's suspension). */
  liftBillingSuspension?: boolean;
  reason: string;
  auditAction: string;
  /** Set when the caller's own timeline entry already tells of the change (the audit entry is written either way). */
  toldOnTimeline?: boolean;
};

/** A tenant that changed, with what callers need to tell it (its name and stored contact). */
type Changed = Pick<Tenant, "id" | "name" | "contactEmailEncrypted" | "contactEmailDigest"> & {
  previous: TenantStatus;
  trialId: string | null;
  paymentId: string | null;
};

/**
 * Moves a batch of tenants in one statement, each only from an allowed status (checked under the
 * row lock, so a concurrent owner's change wins cleanly), and writes the audit entries and
 * timeline entries of those that changed. Returns the tenants that changed.
 */
export async function transitionTenants(
  tx: Tx,
  actor: Actor,
  targets: { tenantId: string; trialId?: string | null; paymentId?: string | null }[],
  transition: TenantTransition,
  now: Date,
): Promise<Changed[]> {
  if (targets.length === 0) return [];
  const suspending = transition.to === "suspended";
  const rows = await tx.$queryRaw<Omit<Changed, "trialId" | "paymentId">[]>`
    UPDATE tenants t
    SET status = ${transition.to}::"TenantStatus",
        status_before_suspension = CASE WHEN ${suspending} THEN locked.status END,
        billing_suspended = ${suspending},
        status_reason = ${transition.reason},
        status_changed_at = ${now},
        updated_at = ${new Date()}
    FROM (
      SELECT id, status FROM tenants
      WHERE id = ANY(${targets.map((t) => t.tenantId)}::text[])
        AND (status::text = ANY(${transition.from}::text[]) OR (${transition.liftBillingSuspension ?? false} AND status = 'suspended' AND billing_suspended))
      -- NO KEY: foreign-key checks of concurrent inserts (payments, activities) take KEY SHARE and must not deadlock with us.
      FOR NO KEY UPDATE
    ) locked
    WHERE t.id = locked.id
    RETURNING t.id, locked.status AS previous, t.name, t.contact_email_encrypted AS "contactEmailEncrypted", t.contact_email_digest AS "contactEmailDigest"`;
  const byTenant = new Map(targets.map((t) => [t.tenantId, t]));
  const changed = rows.map((row) => ({
    ...row,
    trialId: byTenant.get(row.id)?.trialId ?? null,
    paymentId: byTenant.get(row.id)?.paymentId ?? null,
  }));
  if (changed.length === 0) return changed;
  await recordSubscriptionChanges(
    tx,
    changed.map((row) => row.id),
    { at: now, source: "billing" },
  );
  // The events carry each tenant's whole state, which the update above returns only in part.
  const states = new Map(
    (await tx.tenant.findMany({ where: { id: { in: changed.map((row) => row.id) } } })).map((t) => [t.id, t]),
  );
  await recordTenantEvents(
    tx,
    changed.map((row) => ({
      tenant: states.get(row.id)!,
      type: statusChangeEvent(row.previous, transition.to),
    })),
  );

  await recordAudits(
    tx,
    actor,
    changed.map((row) => ({
      action: transition.auditAction,
      entityType: "tenant",
      entityId: row.id,
      before: { status: row.previous },
      after: { status: transition.to, reason: transition.reason },
    })),
  );
  if (transition.toldOnTimeline) return changed;
  await recordActivities(
    tx,
    changed.map((row) => ({
      tenantId: row.id,
      trialId: row.trialId,
      paymentId: row.paymentId,
      kind: "tenant_status_changed",
      summary: `Tenant ${row.previous} → ${transition.to}: ${transition.reason}`,
      actorLabel: actor.label,
      details: { from: row.previous, to: transition.to },
      createdAt: now,
    })),
  );
  return changed;
}
