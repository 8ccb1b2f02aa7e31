import { db } from "@/lib/db";
import { analyzeUsage, type UsageAnalysisSummary } from "@/lib/usage/analyze-usage";
import { usageWindow } from "@/lib/usage/daily-activity";
import { DAILY_ALLOWANCE } from "@/lib/usage/plan-allowances";
import { pickWeighted, seededRandom } from "./random";

/** How often a demo tenant uses the platform: the share of its days with traffic. */
const PROFILES = { daily: 0.95, weekly: 0.35, monthly: 0.12, rare: 0.05, inactive: 0 } as const;
type Profile = keyof typeof PROFILES;
const RUNNING_MIX: Record<Profile, number> = { daily: 55, weekly: 20, monthly: 13, rare: 9, inactive: 3 };
// A suspended tenant's users mostly stay away.
const SUSPENDED_MIX: Record<Profile, number> = { daily: 0, weekly: 10, monthly: 30, rare: 40, inactive: 20 };

/**
 * Thirty days of daily API traffic for the demo tenants the rate-limit history leaves out (one
 * rate-limit hour per active day, sized to the tenant's plan; a few at their limit with denials),
 * then the usage analysis itself: each tenant's snapshot for the Health tab, and the plan-fit items
 * it raises, left for the worker to decide. Runs once: a usage snapshot means it has.
 */
export async function seedUsageHistory(now: Date): Promise<UsageAnalysisSummary | null> {
  if (await db.tenantUsage.findFirst({ select: { tenantId: true } })) return null;
  const random = seededRandom(30_030);
  const window = usageWindow(now);
  const busy = await db.rateLimitHour.findMany({
    where: { hour: { gte: window.start } },
    distinct: ["tenantId"],
    select: { tenantId: true },
  });
  const tenants = await db.tenant.findMany({
    where: { status: { not: "cancelled" }, id: { notIn: busy.map((b) => b.tenantId) } },
    orderBy: { slug: "asc" },
  });
  const rows = tenants.flatMap((tenant) => {
    const profile = pickWeighted(random, tenant.status === "suspended" ? SUSPENDED_MIX : RUNNING_MIX);
    const allowance = DAILY_ALLOWANCE[tenant.plan];
    // About one in twenty-five keeps running into its plan's limit; the rest use a fraction of it.
    const atLimit = profile === "daily" && random() < 0.04;
    const scale = atLimit ? 1.05 : 0.02 + random() * 0.4;
    return window.days.flatMap((day) => {
      const hour = new Date(`${day}T14:00:00Z`);
      if (hour < tenant.createdAt || random() >= PROFILES[profile]) return [];
      const requests = Math.round(allowance * scale * (0.8 + random() * 0.4));
      const denied = atLimit && requests >= allowance ? Math.round(requests * 0.03) : 0;
      return [{ tenantId: tenant.id, hour, allowed: requests - denied, denied, shadowDenied: 0 }];
    });
  });
  await db.rateLimitHour.createMany({ data: rows, skipDuplicates: true });
  return analyzeUsage(now, undefined, { requestDecisions: false });
}
