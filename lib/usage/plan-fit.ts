import type { Plan, ReviewItemKind, TenantStatus } from "@/lib/generated/prisma/enums";
import type { UsageSummary } from "./classify-usage";
import { WINDOW_DAYS, type UsageWindow } from "./daily-activity";
import { DAILY_ALLOWANCE, PREMIUM_PLANS, nextPlanDown, nextPlanUp } from "./plan-allowances";

export type JudgedTenant = { id: string; name: string; plan: Plan; status: TenantStatus; createdAt: Date };

export type PlanFitKind = Extract<ReviewItemKind, "plan_downgrade" | "plan_upgrade" | "tenant_archive">;

/** What the review item carries; the plan-fit kinds' rules (lib/review/kinds/) read the usage and target fields. */
export type PlanFitEvidence = UsageSummary & {
  day: string;
  windowDays: number;
  plan: Plan;
  dailyAllowance: number;
  targetPlan: Plan | null;
  targetDailyAllowance: number | null;
};

export type PlanFitFinding = { kind: PlanFitKind; summary: string; evidence: PlanFitEvidence };

/** Plan changes are judged for tenants that run and pay (a trial tries its plan out; a suspended one has no traffic to judge). */
const PLAN_JUDGED: TenantStatus[] = ["active", "past_due"];
/** An inactive trial ends by itself, so trials are never archived; a cancelled tenant is not analysed at all. */
const ARCHIVE_JUDGED: TenantStatus[] = ["active", "past_due", "suspended"];

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The one plan-fit recommendation a tenant's usage calls for, or null. A tenant younger than the
 * window is never judged. A tenant that keeps hitting its limits is never proposed a downgrade, even
 * when it is active on few days (its denials show it needs the headroom). A downgrade's peak day must
 * stay below the smaller plan's allowance, so it would not have been a limit day there.
 */
export function planFitFinding(
  tenant: JudgedTenant,
  usage: UsageSummary,
  window: UsageWindow,
  upgradeLimitDays: number,
  /** Each plan's daily allowance from the catalog (dailyAllowances()); the built-in one by default. */
  allowances: Record<Plan, number> = DAILY_ALLOWANCE,
): PlanFitFinding | null {
  if (tenant.createdAt > window.start) return null;
  const evidence = (targetPlan: Plan | null): PlanFitEvidence => ({
    ...usage,
    day: window.day,
    windowDays: WINDOW_DAYS,
    plan: tenant.plan,
    dailyAllowance: allowances[tenant.plan],
    targetPlan,
    targetDailyAllowance: targetPlan && allowances[targetPlan],
  });
  const peak = `peak ${count(usage.peakDailyRequests)} requests/day`;

  if (usage.usageClass === "inactive") {
    if (!ARCHIVE_JUDGED.includes(tenant.status)) return null;
    return {
      kind: "tenant_archive",
      summary: `${tenant.name}: no activity in ${WINDOW_DAYS} days (${tenant.status}, ${tenant.plan} plan) — archive`,
      evidence: evidence(null),
    };
  }
  if (!PLAN_JUDGED.includes(tenant.status)) return null;

  const up = nextPlanUp(tenant.plan);
  if (up && usage.limitDays >= upgradeLimitDays) {
    return {
      kind: "plan_upgrade",
      summary: `${tenant.name}: ${tenant.plan} plan at its limits on ${usage.limitDays} of ${WINDOW_DAYS} days (${peak}) — upgrade to ${up}`,
      evidence: evidence(up),
    };
  }
  const down = nextPlanDown(tenant.plan);
  const underUsed = usage.usageClass === "monthly" || usage.usageClass === "rare";
  if (
    down &&
    PREMIUM_PLANS.includes(tenant.plan) &&
    underUsed &&
    usage.peakDailyRequests < allowances[down]
  ) {
    return {
      kind: "plan_downgrade",
      summary: `${tenant.name}: ${tenant.plan} plan used ${usage.usageClass === "rare" ? "rarely" : usage.usageClass} (${usage.activeDays} active days in ${WINDOW_DAYS}, ${peak}) — downgrade to ${down}`,
      evidence: evidence(down),
    };
  }
  return null;
}
