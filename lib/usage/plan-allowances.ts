import type { Plan } from "@/lib/generated/prisma/client";

/**
 * Each plan's limit as first shipped: the requests a day it includes (allowed and denied through the
 * rate limiter); a day at or above the allowance counts as a day at the limit. The plan catalog's
 * first versions start from these (its migration); usage analysis reads the catalog's current values
 * (lib/plans/queries.ts dailyAllowances), and these remain the demo's and the tests' defaults.
 */
export const DAILY_ALLOWANCE: Record<Plan, number> = {
  free: 1_000,
  starter: 10_000,
  pro: 100_000,
  enterprise: 1_000_000,
};

/** Plans from the smallest to the largest. */
export const PLAN_LADDER: readonly Plan[] = ["free", "starter", "pro", "enterprise"];

/** Plans worth a downgrade recommendation when under-used. */
export const PREMIUM_PLANS: readonly Plan[] = ["pro", "enterprise"];

function planAt(plan: Plan, step: 1 | -1): Plan | null {
  return PLAN_LADDER[PLAN_LADDER.indexOf(plan) + step] ?? null;
}

/** The next larger plan, or null on the largest. */
export function nextPlanUp(plan: Plan): Plan | null {
  return planAt(plan, 1);
}

/** The next smaller plan, or null on the smallest. */
export function nextPlanDown(plan: Plan): Plan | null {
  return planAt(plan, -1);
}
