"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from "recharts";

/** A small line without axes, for a trend beside its figure; the label names it for screen readers. */
export function Sparkline({
  data,
  series,
  label,
  color = "#6366f1",
}: {
  data: Record<string, number | string>[];
  series: string;
  label: string;
  color?: string;
}) {
  return (
    <div className="h-12 w-full" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={["auto", "auto"]} />
          <Tooltip
            formatter={(value) => [value, series]}
            labelFormatter={() => ""}
            contentStyle={{ fontSize: 11 }}
          />
          <Line
            type="monotone"
            dataKey={series}
            stroke={color}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
