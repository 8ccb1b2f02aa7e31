import { Badge, type Tone } from "@/components/ui/badge";
import { StatCard } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { UsageClass } from "@/lib/generated/prisma/enums";
import { USAGE_CLASS_INFO, type TenantUsageHealth } from "@/lib/usage/queries";
import { UsageChart } from "./usage-chart";

const CLASS_TONES: Record<UsageClass, Tone> = {
  daily: "green",
  weekly: "green",
  monthly: "blue",
  rare: "amber",
  inactive: "gray",
};

const count = (n: number) => n.toLocaleString("en");

/** How the tenant uses the platform: its class as the daily analysis last saw it, and the last 30 days. */
export function UsageSummary({ usage }: { usage: TenantUsageHealth }) {
  const { latest, dailyAllowance } = usage;
  return (
    <div className="space-y-4">
      {latest ? (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="usage-class">
            <Badge tone={CLASS_TONES[latest.usageClass]}>{USAGE_CLASS_INFO[latest.usageClass].label}</Badge>
            <span>{USAGE_CLASS_INFO[latest.usageClass].explanation}</span>
            <span className="text-xs text-slate-500">
              Analysed <LocalTime value={latest.computedAt} /> on the {latest.plan} plan.
            </span>
          </p>
          <div className="grid gap-3 sm:grid-cols-4">
            <StatCard
              label="Active days"
              value={`${latest.activeDays} / 30`}
              detail={`in ${latest.activeWeeks} week${latest.activeWeeks === 1 ? "" : "s"}`}
            />
            <StatCard label="Requests" value={count(latest.requests)} detail="in 30 days" />
            <StatCard
              label="Peak day"
              value={count(latest.peakDailyRequests)}
              detail={
                dailyAllowance
                  ? `${Math.round((latest.peakDailyRequests / dailyAllowance) * 100)}% of the ${count(dailyAllowance)} a day the plan includes`
                  : undefined
              }
            />
            <StatCard
              label="Days at the limit"
              value={latest.limitDays}
              detail="denied requests, or the allowance reached"
            />
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-500">The daily usage analysis has not classified this tenant yet.</p>
      )}
      <UsageChart days={usage.days} dailyAllowance={dailyAllowance} />
    </div>
  );
}
