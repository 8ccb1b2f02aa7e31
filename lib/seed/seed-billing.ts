import { db } from "@/lib/db";
import { emailDigest } from "@/lib/crypto/pii";
import type { Rows } from "./billing/billing-rows";
import { TenantHistory } from "./billing/tenant-history";

/**
 * Six months of billing for the demo tenants (those with seed-demo's contact email), matching the
 * status each was given: trials in every state, monthly payments, dunning that recovered, is
 * retrying or gave up (with its review item), and the timeline of all of it. Idempotent: tenants
 * that already have a trial are skipped, and every table gets one bulk insert in one transaction.
 */
export async function seedBillingHistory(
  now: Date,
): Promise<{ trials: number; payments: number; activities: number }> {
  const candidates = await db.tenant.findMany({
    where: { trials: { none: {} } },
    orderBy: { slug: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      plan: true,
      status: true,
      timezone: true,
      createdAt: true,
      contactEmailDigest: true,
    },
  });
  const tenants = candidates.filter(
    (t) => t.contactEmailDigest === emailDigest(`billing@${t.slug}.example`) && t.createdAt <= now,
  );
  const rows: Rows = {
    trials: [],
    payments: [],
    activities: [],
    reviewItems: [],
    tenants: [],
    monthStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    recoveredThisMonth: 0,
  };
  for (const tenant of tenants) new TenantHistory(rows, tenant, now).write();
  if (rows.trials.length === 0) return { trials: 0, payments: 0, activities: 0 };

  const updates = rows.tenants;
  await db.$transaction(
    async (tx) => {
      await tx.trial.createMany({ data: rows.trials });
      await tx.payment.createMany({ data: rows.payments });
      await tx.billingActivity.createMany({ data: rows.activities });
      await tx.reviewItem.createMany({ data: rows.reviewItems });
      // Timestamps as ISO strings: the columns are UTC `timestamp`s without a zone, as Prisma writes them.
      await tx.$executeRaw`
        UPDATE tenants t
        SET status_reason = u.reason, status_changed_at = u.changed_at, status_before_suspension = u.before::"TenantStatus",
            billing_suspended = u.billing_suspended, updated_at = ${now}
        FROM unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.reason)}::text[], ${updates.map((u) => u.at.toISOString())}::timestamp(3)[],
                    ${updates.map((u) => u.before)}::text[], ${updates.map((u) => u.billingSuspended)}::boolean[]) AS u(id, reason, changed_at, before, billing_suspended)
        WHERE t.id = u.id`;
    },
    { timeout: 60_000 },
  );
  return { trials: rows.trials.length, payments: rows.payments.length, activities: rows.activities.length };
}
