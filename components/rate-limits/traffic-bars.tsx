"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrafficPoint } from "@/lib/rate-limits/queries";

/** Allowed, denied and shadow-denied decisions stacked per time slot; `label` formats a slot's time. */
export function TrafficBars({ data, label }: { data: TrafficPoint[]; label: (iso: string) => string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
        <XAxis
          dataKey="at"
          tickFormatter={label}
          tick={{ fontSize: 11 }}
          stroke="currentColor"
          strokeOpacity={0.4}
          minTickGap={24}
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} />
        <Tooltip labelFormatter={(v) => label(String(v))} contentStyle={{ fontSize: 12 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="allowed" name="Allowed" stackId="r" fill="#10b981" isAnimationActive={false} />
        <Bar dataKey="denied" name="Denied" stackId="r" fill="#f43f5e" isAnimationActive={false} />
        <Bar
          dataKey="shadowDenied"
          name="Would deny (shadow)"
          stackId="r"
          fill="#f59e0b"
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
