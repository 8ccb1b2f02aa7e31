"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ChartPoint } from "@/lib/anomalies/queries";
import type { MetricBucket } from "@/lib/generated/prisma/enums";
import { formatNumber, formatValue } from "./labels";

type Props = {
  points: ChartPoint[];
  metric: { name: string; unit: string; bucket: MetricBucket };
  threshold: number;
  firstBucket: string;
  lastBucket: string;
};

/**
 * The metric around an anomaly: its values, the baseline center and the band of ±threshold × spread
 * that detection would not flag, anomalous buckets marked, and the anomaly's span shaded. Buckets
 * scored before the series had enough history have no band.
 */
export function AnomalyChart({ points, metric, threshold, firstBucket, lastBucket }: Props) {
  const data = points.map((p) => ({
    ...p,
    band: p.low === null || p.high === null ? null : [p.low, p.high],
    flagged: p.anomalous ? p.value : null,
  }));
  const hourly = metric.bucket === "hour";
  const tick = (ms: number) =>
    new Date(ms).toLocaleString(
      undefined,
      hourly ? { month: "short", day: "numeric", hour: "2-digit" } : { month: "short", day: "numeric" },
    );
  const moment = (ms: number) =>
    new Date(ms).toLocaleString(
      undefined,
      hourly ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" },
    );
  const flagged = points.filter((p) => p.anomalous).length;
  // In UTC: the label is rendered on the server too, where the viewer's time zone is unknown.
  const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const summary = points.length
    ? `${metric.name} from ${utc(points[0].at)} to ${utc(points[points.length - 1].at)}: ${points.length} buckets, ${flagged} outside the expected range`
    : `${metric.name}: no points in this period`;
  return (
    <figure className="h-72" data-testid="anomaly-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={tick}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
            minTickGap={32}
          />
          <YAxis
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
            tickFormatter={formatNumber}
            width={56}
          />
          <Tooltip
            labelFormatter={(ms) => moment(Number(ms))}
            formatter={(value) =>
              Array.isArray(value)
                ? `${formatValue(Number(value[0]), metric.unit)} – ${formatValue(Number(value[1]), metric.unit)}`
                : formatValue(Number(value), metric.unit)
            }
            contentStyle={{ fontSize: 12 }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceArea
            x1={new Date(firstBucket).getTime()}
            x2={new Date(lastBucket).getTime()}
            fill="#f43f5e"
            fillOpacity={0.08}
            ifOverflow="extendDomain"
          />
          <Area
            dataKey="band"
            name={`Expected range (±${formatNumber(threshold)} × spread)`}
            stroke="none"
            fill="#6366f1"
            fillOpacity={0.15}
            isAnimationActive={false}
          />
          <Line
            dataKey="center"
            name="Baseline"
            stroke="#6366f1"
            strokeDasharray="4 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="value"
            name={metric.name}
            stroke="#0f766e"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="flagged"
            name="Anomalous"
            stroke="#e11d48"
            strokeWidth={0}
            legendType="circle"
            dot={{ r: 4, fill: "#e11d48", stroke: "#e11d48" }}
            activeDot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
