import { db } from "@/lib/db";
import { isoDay } from "@/lib/utc-day";
import type { Plan, UsageClass } from "@/lib/generated/prisma/enums";
import type { UsageSummary } from "./classify-usage";
import { readDailyActivity, usageWindow } from "./daily-activity";
import { dailyAllowances } from "@/lib/plans/queries";

/** What each usage class means, for the tenant's Health tab. */
export const USAGE_CLASS_INFO: Record<UsageClass, { label: string; explanation: string }> = {
  daily: { label: "Daily", explanation: "Active on 20 or more of the last 30 days." },
  weekly: { label: "Weekly", explanation: "Active in at least 3 of the last weeks, on fewer than 20 days." },
  monthly: { label: "Monthly", explanation: "Active on 3 or more days, all within at most 2 weeks." },
  rare: { label: "Rare", explanation: "Active on 1 or 2 of the last 30 days." },
  inactive: { label: "Inactive", explanation: "No API traffic, reported metric or payment in 30 days." },
};

export type TenantUsageHealth = {
  /** The latest daily snapshot, or null before the analysis first ran for this tenant. */
  latest: (UsageSummary & { day: string; plan: Plan; computedAt: Date }) | null;
  /** The daily request allowance of the tenant's current plan; null when there is no such tenant. */
  dailyAllowance: number | null;
  /** The 30 UTC days before today, oldest first, days without activity as zeros. */
  days: { day: string; requests: number; denied: number; reported: number }[];
};

/** The Health tab's usage: the latest classification and the 30 days behind it, read live. */
export async function getTenantUsageHealth(tenantId: string, now = new Date()): Promise<TenantUsageHealth> {
  const window = usageWindow(now);
  const [tenant, latest, activity] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId }, select: { plan: true } }),
    db.tenantUsage.findFirst({ where: { tenantId }, orderBy: { day: "desc" } }),
    readDailyActivity([tenantId], window),
  ]);
  const byDay = new Map(activity.map((a) => [a.day, a]));
  return {
    latest: latest && {
      day: isoDay(latest.day),
      usageClass: latest.usageClass,
      activeDays: latest.activeDays,
      activeWeeks: latest.activeWeeks,
      requests: Number(latest.requests),
      peakDailyRequests: latest.peakDailyRequests,
      limitDays: latest.limitDays,
      plan: latest.plan,
      computedAt: latest.computedAt,
    },
    dailyAllowance: tenant ? (await dailyAllowances())[tenant.plan] : null,
    days: window.days.map((day) => {
      const a = byDay.get(day);
      return { day, requests: a?.requests ?? 0, denied: a?.denied ?? 0, reported: a?.reported ?? 0 };
    }),
  };
}
