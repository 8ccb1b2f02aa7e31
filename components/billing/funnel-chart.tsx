"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { FunnelStep } from "@/lib/billing/queries";

export function FunnelChart({ data }: { data: FunnelStep[] }) {
  return (
    <div className="h-64" data-testid="funnel-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 0, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} horizontal={false} />
          <XAxis
            type="number"
            allowDecimals={false}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
          />
          <YAxis
            type="category"
            dataKey="step"
            width={96}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
          />
          <Tooltip formatter={(v) => [v, "Trials"]} contentStyle={{ fontSize: 12 }} />
          <Bar dataKey="trials" fill="#6366f1" radius={[0, 3, 3, 0]} isAnimationActive={false}>
            <LabelList dataKey="trials" position="right" style={{ fontSize: 11 }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
