"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { TenantUsageHealth } from "@/lib/usage/queries";

/**
 * 30 days of a tenant's requests, allowed and denied stacked, with its reported activity on a
 * second axis and its plan's daily allowance as a line (the axis stretches to show it).
 */
export function UsageChart({ days, dailyAllowance }: Pick<TenantUsageHealth, "days" | "dailyAllowance">) {
  const data = days.map((d) => ({
    day: d.day,
    allowed: d.requests - d.denied,
    denied: d.denied,
    reported: d.reported,
  }));
  const total = days.reduce((sum, d) => sum + d.requests, 0);
  return (
    <div
      className="h-64"
      data-testid="usage-chart"
      role="img"
      aria-label={`Requests per day over the last ${days.length} days: ${total.toLocaleString("en")} in all`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={(d: string) => d.slice(5)}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
            minTickGap={16}
          />
          <YAxis
            yAxisId="requests"
            allowDecimals={false}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
          />
          <YAxis
            yAxisId="reported"
            orientation="right"
            allowDecimals={false}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
          />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="requests"
            dataKey="allowed"
            name="Allowed requests"
            stackId="r"
            fill="#10b981"
            isAnimationActive={false}
          />
          <Bar
            yAxisId="requests"
            dataKey="denied"
            name="Denied requests"
            stackId="r"
            fill="#f43f5e"
            isAnimationActive={false}
          />
          <Line
            yAxisId="reported"
            dataKey="reported"
            name="Reported activity"
            type="monotone"
            stroke="#6366f1"
            dot={false}
            isAnimationActive={false}
          />
          {dailyAllowance !== null && (
            <ReferenceLine
              yAxisId="requests"
              y={dailyAllowance}
              ifOverflow="extendDomain"
              stroke="#f59e0b"
              strokeDasharray="4 4"
              label={{ value: "Daily allowance", fontSize: 11, position: "insideTopRight" }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
