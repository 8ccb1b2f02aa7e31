import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { forgetEntitlementsSoon } from "./entitlements-cache";
import { mrrSql } from "./mrr-sql";

/** What made a subscription change, kept on its history row. */
export type SubscriptionSource =
  "dashboard" | "api" | "import" | "billing" | "review" | "plan_move" | "system" | "seed";

/** Where a tenant change came from, by who made it (a person in the dashboard, an API key, Steward itself). */
export function sourceOf(actor: Actor): SubscriptionSource {
  return actor.kind === "apiKey" ? "api" : actor.kind === "user" ? "dashboard" : "system";
}

/**
 * The one place a tenant's subscription history is written: call it in the same transaction as any
 * change of a tenant's plan, interval or status (whoever made it). A tenant whose plan key no longer
 * matches its version (or has none yet) is pinned to its plan's current version; then each tenant
 * whose plan version, interval or status differs from its latest history row gets a new row with
 * the MRR that subscription makes. Unchanged tenants get nothing, so calling it twice is harmless.
 */
export async function recordSubscriptionChanges(
  tx: Tx,
  tenantIds: string[],
  { at = new Date(), source }: { at?: Date; source: SubscriptionSource },
): Promise<number> {
  if (tenantIds.length === 0) return 0;
  await tx.$executeRaw`
    UPDATE tenants t SET plan_version_id = p.current_version_id
    FROM catalog_plans p
    WHERE t.id = ANY(${tenantIds}::text[]) AND p.key = t.plan
      AND (t.plan_version_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM catalog_plan_versions v WHERE v.id = t.plan_version_id AND v.plan_id = p.id))`;
  const written = await tx.$executeRaw`
    INSERT INTO subscription_changes (id, tenant_id, at, plan, plan_version_id, billing_interval, status, mrr_minor, currency, source)
    SELECT 'sub_' || md5(t.id || clock_timestamp()::text || random()::text), t.id, ${at}, t.plan, t.plan_version_id,
           t.billing_interval, t.status, ${mrrSql("v")}, p.currency, ${source}
    FROM tenants t
    JOIN catalog_plan_versions v ON v.id = t.plan_version_id
    JOIN catalog_plans p ON p.id = v.plan_id
    LEFT JOIN LATERAL (
      SELECT s.plan_version_id, s.billing_interval, s.status FROM subscription_changes s
      WHERE s.tenant_id = t.id ORDER BY s.at DESC, s.id DESC LIMIT 1
    ) last ON true
    WHERE t.id = ANY(${tenantIds}::text[])
      AND (last.plan_version_id IS NULL
           OR (last.plan_version_id, last.billing_interval, last.status) IS DISTINCT FROM (t.plan_version_id, t.billing_interval, t.status))`;
  forgetEntitlementsSoon(tenantIds);
  return written;
}
