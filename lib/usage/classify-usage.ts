import type { UsageClass } from "@/lib/generated/prisma/enums";

/** What one UTC day of the window holds of a tenant's activity. */
export type DayActivity = { requests: number; denied: number; reported: number; payments: number };

export type UsageSummary = {
  usageClass: UsageClass;
  activeDays: number;
  activeWeeks: number;
  requests: number;
  peakDailyRequests: number;
  limitDays: number;
};

const DAILY_FROM_DAYS = 20;
const WEEKLY_FROM_WEEKS = 3;
const RARE_UP_TO_DAYS = 2;

/** A day counts as active with any API traffic, any reported metric above 0, or a payment. */
const isActive = (day: DayActivity) => day.requests > 0 || day.reported > 0 || day.payments > 0;

/**
 * Classifies a window of daily activity (oldest first), as the Health tab and the plan-fit items show it:
 * - inactive: no active day;
 * - rare: 1 or 2 active days;
 * - daily: 20 or more active days;
 * - weekly: active in 3 or more weeks (on fewer than 20 days);
 * - monthly: the rest, 3 or more days that all fall within at most 2 weeks.
 * Weeks are 7-day blocks counted back from the window's last day, so the recent weeks are whole and
 * the oldest block of a 30-day window is 2 days long: a weekday habit is seen in every whole week.
 * A limit day is one with denied requests, or with requests at or above the plan's daily allowance.
 */
export function classifyUsage(days: DayActivity[], dailyAllowance: number): UsageSummary {
  const active = days.flatMap((day, i) => (isActive(day) ? [i] : []));
  const activeWeeks = new Set(active.map((i) => Math.floor((days.length - 1 - i) / 7))).size;
  const activeDays = active.length;
  return {
    usageClass:
      activeDays === 0
        ? "inactive"
        : activeDays <= RARE_UP_TO_DAYS
          ? "rare"
          : activeDays >= DAILY_FROM_DAYS
            ? "daily"
            : activeWeeks >= WEEKLY_FROM_WEEKS
              ? "weekly"
              : "monthly",
    activeDays,
    activeWeeks,
    requests: days.reduce((sum, day) => sum + day.requests, 0),
    peakDailyRequests: Math.max(0, ...days.map((day) => day.requests)),
    limitDays: days.filter((day) => day.denied > 0 || day.requests >= dailyAllowance).length,
  };
}
