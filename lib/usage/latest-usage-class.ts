import { db } from "@/lib/db";

/** The tenant's latest usage classification (one row of the (tenant_id, day) key), or null before the first analysis. */
export function latestUsageClass(tenantId: string) {
  return db.tenantUsage.findFirst({
    where: { tenantId },
    orderBy: { day: "desc" },
    select: { day: true, usageClass: true, activeDays: true, requests: true, limitDays: true },
  });
}
