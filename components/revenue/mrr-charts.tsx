"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

type Month = {
  month: string;
  mrr: number;
  newMrr: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
};

const axis = { tick: { fontSize: 11 }, stroke: "currentColor", strokeOpacity: 0.4 };
const major = (minor: number) => Math.round(minor) / 100;

/** MRR at each month's end. */
export function MrrChart({ months, currency }: { months: Month[]; currency: string }) {
  const data = months.map((m) => ({ month: m.month, mrr: major(m.mrr) }));
  return (
    <div className="h-56" data-testid="mrr-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis dataKey="month" {...axis} />
          <YAxis {...axis} />
          <Tooltip formatter={(v) => [`${v} ${currency}`, "MRR"]} contentStyle={{ fontSize: 12 }} />
          <Area dataKey="mrr" stroke="#4f46e5" fill="#6366f1" fillOpacity={0.2} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

const SERIES = [
  { key: "newMrr", name: "New", color: "#16a34a" },
  { key: "expansion", name: "Expansion", color: "#2563eb" },
  { key: "reactivation", name: "Reactivation", color: "#0d9488" },
  { key: "contraction", name: "Contraction", color: "#d97706" },
  { key: "churned", name: "Churned", color: "#dc2626" },
] as const;

/** Each month's movements stacked: gains above zero, losses below. */
export function MovementsChart({ months, currency }: { months: Month[]; currency: string }) {
  const data = months.map((m) => ({
    month: m.month,
    ...Object.fromEntries(SERIES.map((s) => [s.key, major(m[s.key])])),
  }));
  return (
    <div className="h-64" data-testid="movements-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} stackOffset="sign" margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis dataKey="month" {...axis} />
          <YAxis {...axis} />
          <Tooltip formatter={(v, name) => [`${v} ${currency}`, name]} contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={0} stroke="currentColor" strokeOpacity={0.4} />
          {SERIES.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId="m"
              fill={s.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
