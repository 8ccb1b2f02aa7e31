"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Props = {
  data: { day: string; [series: string]: number | string }[];
  series: string;
  label: string;
  color: string;
};

/** One daily series of the overview's trends, as small bars (no animation, so tests read it at once). */
export function TrendChart({ data, series, label, color }: Props) {
  return (
    <div className="h-40" data-testid={`trend-${series}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -24 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => day.slice(5)}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip formatter={(value) => [value, label]} contentStyle={{ fontSize: 12 }} />
          <Bar dataKey={series} fill={color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
