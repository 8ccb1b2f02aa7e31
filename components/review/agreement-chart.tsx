"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { WeekOfDecisions } from "@/lib/review/queries/analytics";

/**
 * Decisions per week: people's verdicts stacked (agreed, modified, rejected) and the engine's
 * automatic executions as a line, so a drift in agreement or in automation shows week by week.
 */
export function AgreementChart({ weeks }: { weeks: WeekOfDecisions[] }) {
  const totals = weeks.reduce(
    (sum, w) => ({
      approved: sum.approved + w.approved,
      modified: sum.modified + w.modified,
      rejected: sum.rejected + w.rejected,
      auto: sum.auto + w.autoExecuted,
    }),
    { approved: 0, modified: 0, rejected: 0, auto: 0 },
  );
  const summary = weeks.length
    ? `Decisions per week from ${weeks[0].week} to ${weeks[weeks.length - 1].week}: ${totals.approved} agreed, ${totals.modified} modified, ${totals.rejected} rejected, ${totals.auto} executed automatically`
    : "No weeks to show";
  return (
    <figure className="h-72" data-testid="agreement-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={weeks} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis
            dataKey="week"
            tickFormatter={(w: string) => w.slice(5)}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip labelFormatter={(w) => `Week of ${w}`} contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="approved" name="Agreed" stackId="people" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey="modified" name="Modified" stackId="people" fill="#6366f1" isAnimationActive={false} />
          <Bar
            dataKey="rejected"
            name="Rejected"
            stackId="people"
            fill="#f43f5e"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Line
            dataKey="autoExecuted"
            name="Executed automatically"
            stroke="#64748b"
            strokeDasharray="4 4"
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
