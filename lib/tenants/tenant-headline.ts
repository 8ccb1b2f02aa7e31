import { countTenantOpenAnomalies } from "@/lib/anomalies/tenant-anomalies";
import { tenantBillingHeadline } from "@/lib/billing/tenant-billing-headline";
import { countTenantActiveBans } from "@/lib/rate-limits/tenant-traffic-summary";
import { countTenantOpenReviewItems } from "@/lib/review/queries/tenant-items";
import { getTenantView } from "./queries";

/**
 * The header of a tenant's page: the tenant, its trial and last payment, and how many of its items
 * are open (review items, anomalies, bans in force). Throws NOT_FOUND.
 */
export async function getTenantHeadline(tenantId: string, now = new Date()) {
  const tenant = await getTenantView(tenantId);
  const [billing, reviewItems, anomalies, bans] = await Promise.all([
    tenantBillingHeadline(tenantId, now),
    countTenantOpenReviewItems(tenantId),
    countTenantOpenAnomalies(tenantId),
    countTenantActiveBans(tenantId, now),
  ]);
  return { tenant, ...billing, open: { reviewItems, anomalies, bans } };
}

export type TenantHeadline = Awaited<ReturnType<typeof getTenantHeadline>>;
