import type { Tx } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { tenantState } from "@/lib/webhooks/resources";
import { computeEntitlements } from "./entitlements";

/**
 * The data of a `tenant.plan_changed` event: the tenant, its previous plan, and what it is now
 * entitled to (read in the change's transaction, after recordSubscriptionChanges pinned its version).
 */
export async function planChangedData(tx: Tx, tenant: Tenant, previousPlan: string) {
  return {
    tenant: tenantState(tenant),
    previous_plan: previousPlan,
    entitlements: (await computeEntitlements(tenant.id, new Date(), tx))!,
  };
}
