import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listAuditEntries } from "@/lib/audit/queries";
import type {
  AnomalySeverity,
  AnomalyStatus,
  MetricBucket,
  MetricDetector,
} from "@/lib/generated/prisma/enums";
import { bucketMs, DAY } from "./buckets";
import { adaptiveScores } from "./adaptive-band";
import { explainAnomaly } from "./explain";
import { suggestThreshold, type ThresholdSuggestion } from "./rule-suggestions";
import {
  MIN_BASELINE_POINTS,
  previewScores,
  scoreAgainstCachedBaselines,
  type ScoredBucket,
} from "./score-buckets";
import type { ListAnomaliesInput } from "./schemas";
import { nameOrSlugContains } from "@/lib/tenants/name-or-slug";

export const ANOMALIES_PAGE_SIZE = 25;
const OPEN: AnomalyStatus[] = ["active", "acknowledged"];
/** What the chart shows before an anomaly: three days of an hourly metric, three weeks of a daily one. */
const CHART_LEAD: Record<MetricBucket, number> = { hour: 3 * DAY, day: 21 * DAY };
const MAX_CHART_POINTS = 500;

// Ids are cuids; anything else (a typo, a NUL byte PostgreSQL would refuse) is simply not found.
const isId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

export type SeverityCounts = Record<AnomalySeverity, number>;

/** Open (active or acknowledged) anomalies per severity. */
export async function openAnomalyCounts(): Promise<SeverityCounts> {
  const groups = await db.anomaly.groupBy({
    by: ["severity"],
    where: { status: { in: OPEN } },
    _count: true,
  });
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const group of groups) counts[group.severity] = group._count;
  return counts;
}

function statusFilter(status: ListAnomaliesInput["status"]): Prisma.AnomalyWhereInput {
  if (status === "all") return {};
  return { status: status === "open" ? { in: OPEN } : status };
}

/**
 * One page of anomalies, the latest seen first, each with its explanation's headline in the
 * tenant's time zone; `tenant` matches the tenant's name or slug, `metric` the metric's key.
 */
export async function listAnomalies(input: ListAnomaliesInput) {
  const where: Prisma.AnomalyWhereInput = {
    ...statusFilter(input.status),
    ...(input.severity ? { severity: input.severity } : {}),
    ...(input.metric ? { metric: { key: input.metric.toLowerCase() } } : {}),
    ...(input.tenant
      ? {
          tenant: nameOrSlugContains(input.tenant),
        }
      : {}),
  };
  const [found, total] = await Promise.all([
    db.anomaly.findMany({
      where,
      orderBy: [{ lastBucket: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * ANOMALIES_PAGE_SIZE,
      take: ANOMALIES_PAGE_SIZE,
      include: {
        tenant: { select: { id: true, name: true, slug: true, timezone: true } },
        metric: { select: { key: true, name: true, unit: true, bucket: true } },
      },
    }),
    db.anomaly.count({ where }),
  ]);
  const rows = found.map((a) => ({
    id: a.id,
    status: a.status,
    severity: a.severity,
    firstBucket: a.firstBucket,
    lastBucket: a.lastBucket,
    z: a.z,
    tenant: { id: a.tenant.id, name: a.tenant.name, slug: a.tenant.slug },
    metric: { key: a.metric.key, name: a.metric.name },
    headline: explainAnomaly(a, a.metric, a.tenant.timezone).headline,
  }));
  return { rows, total, page: input.page, pageCount: Math.max(1, Math.ceil(total / ANOMALIES_PAGE_SIZE)) };
}

export type AnomalyPage = Awaited<ReturnType<typeof listAnomalies>>;
export type AnomalyRow = AnomalyPage["rows"][number];

/** Metric keys and names, for filters. */
export function metricOptions() {
  return db.metricDefinition.findMany({ select: { key: true, name: true }, orderBy: { name: "asc" } });
}

type Span = { first: Date; last: Date; lastValue: number };

/** Each series' first and latest bucket and its latest value (two primary-key probes per series). */
async function seriesSpans(seriesIds: number[]): Promise<Map<number, Span>> {
  if (seriesIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: number; first: Date; last: Date; last_value: number }[]>`
    SELECT s.id, f.bucket AS first, l.bucket AS last, l.value AS last_value
    FROM unnest(${seriesIds}::int[]) AS s(id)
    CROSS JOIN LATERAL (SELECT bucket FROM metric_points WHERE series_id = s.id ORDER BY bucket ASC LIMIT 1) f
    CROSS JOIN LATERAL (SELECT bucket, value FROM metric_points WHERE series_id = s.id ORDER BY bucket DESC LIMIT 1) l`;
  return new Map(rows.map((r) => [r.id, { first: r.first, last: r.last, lastValue: r.last_value }]));
}

/** Detection judges a bucket only with this much history before it and enough points in its baseline. */
function judged(score: ScoredBucket, firstBucket: Date, minHistoryDays: number): boolean {
  return (
    score.baselinePoints >= MIN_BASELINE_POINTS &&
    firstBucket.getTime() <= score.bucket.getTime() - minHistoryDays * DAY
  );
}

/** A charted bucket; `low`/`high` are center ∓ threshold × spread, null while the series has too little history. */
export type ChartPoint = {
  at: number;
  value: number;
  center: number | null;
  low: number | null;
  high: number | null;
  anomalous: boolean;
};

/**
 * The series around an anomaly, from a lead before its first bucket to a day after its last, at most
 * 500 buckets (a long anomaly keeps its latest ones), each with the baseline detection compares it
 * with under the metric's current rule.
 */
export async function anomalyChart(
  anomaly: { seriesId: number; firstBucket: Date; lastBucket: Date },
  metric: { bucket: MetricBucket; zThreshold: number; minHistoryDays: number; detector: MetricDetector },
): Promise<ChartPoint[]> {
  const size = bucketMs(metric.bucket);
  const to = new Date(anomaly.lastBucket.getTime() + DAY);
  const from = new Date(
    Math.max(
      anomaly.firstBucket.getTime() - CHART_LEAD[metric.bucket],
      to.getTime() - (MAX_CHART_POINTS - 1) * size,
    ),
  );
  const adaptive = metric.detector === "adaptive";
  const [points, scores, spans] = await Promise.all([
    db.metricPoint.findMany({
      where: { seriesId: anomaly.seriesId, bucket: { gte: from, lte: to } },
      orderBy: { bucket: "asc" },
      select: { bucket: true, value: true },
    }),
    adaptive
      ? adaptiveScores(anomaly.seriesId, { from, to })
      : previewScores(db, { seriesIds: [anomaly.seriesId], from, to }),
    seriesSpans([anomaly.seriesId]),
  ]);
  const first = spans.get(anomaly.seriesId)?.first ?? from;
  const byBucket = new Map(
    scores
      .filter((s) => adaptive || judged(s, first, metric.minHistoryDays))
      .map((s) => [s.bucket.getTime(), s]),
  );
  return points.map(({ bucket, value }) => {
    const score = byBucket.get(bucket.getTime());
    if (!score) return { at: bucket.getTime(), value, center: null, low: null, high: null, anomalous: false };
    const margin = metric.zThreshold * score.spread;
    return {
      at: bucket.getTime(),
      value,
      center: score.center,
      low: score.bandLow ?? score.center - margin,
      high: score.bandHigh ?? score.center + margin,
      anomalous: score.anomalous,
    };
  });
}

/**
 * An anomaly with its tenant, metric, series (mute), assignee and closer, both sentences of its
 * explanation, its audit history (newest first) and its chart. Throws NOT_FOUND.
 */
export async function anomalyDetail(id: string) {
  const anomaly = isId(id)
    ? await db.anomaly.findUnique({
        where: { id },
        include: {
          tenant: { select: { id: true, name: true, slug: true, timezone: true } },
          metric: true,
          series: { select: { id: true, mutedUntil: true, muteReason: true } },
          assignee: { select: { id: true, email: true, name: true } },
        },
      })
    : null;
  if (!anomaly) throw new AppError("NOT_FOUND", "No anomaly with that id.");
  const [closedBy, history, chart] = await Promise.all([
    anomaly.closedById
      ? db.user.findUnique({ where: { id: anomaly.closedById }, select: { email: true, name: true } })
      : null,
    listAuditEntries({ entityType: "anomaly", entityId: anomaly.id, page: 1, pageSize: 100 }),
    anomalyChart(anomaly, anomaly.metric),
  ]);
  return {
    anomaly,
    closedBy,
    explanation: explainAnomaly(anomaly, anomaly.metric, anomaly.tenant.timezone),
    history: history.rows,
    chart,
  };
}

export type AnomalyDetail = Awaited<ReturnType<typeof anomalyDetail>>;

/**
 * Every metric definition with how its closed anomalies turned out and the threshold they suggest.
 * Peaks are the anomalies' peak |z|, scored under the rule of their time. Only a person's verdict
 * counts: anomalies detection closed as back to normal (no closer) were never confirmed.
 */
export async function metricRules() {
  const [metrics, outcomes] = await Promise.all([
    db.metricDefinition.findMany({ orderBy: [{ name: "asc" }] }),
    db.$queryRaw<{ metric_id: string; status: "resolved" | "false_positive"; peaks: number[] }[]>`
      SELECT metric_id, status::text AS status, array_agg(abs(z)) AS peaks
      FROM anomalies WHERE status IN ('resolved', 'false_positive') AND closed_by_id IS NOT NULL GROUP BY metric_id, status`,
  ]);
  const peaks = (metricId: string, status: "resolved" | "false_positive") =>
    outcomes.find((o) => o.metric_id === metricId && o.status === status)?.peaks ?? [];
  return metrics.map((metric) => {
    const confirmedPeaks = peaks(metric.id, "resolved");
    const falsePositivePeaks = peaks(metric.id, "false_positive");
    const suggestion: ThresholdSuggestion = suggestThreshold({
      current: metric.zThreshold,
      falsePositivePeaks,
      confirmedPeaks,
    });
    return { metric, resolved: confirmedPeaks.length, falsePositives: falsePositivePeaks.length, suggestion };
  });
}

export type MetricRule = Awaited<ReturnType<typeof metricRules>>[number];

/** The baseline a series' latest bucket was compared with; null before the series has enough history. */
export type LatestBaseline = {
  center: number;
  spread: number;
  points: number;
  z: number | null;
  anomalous: boolean;
} | null;

/**
 * A tenant's series (found by slug; null when none has it): metric, latest value, the cached
 * baseline of its slot that detection compares it with (refreshed about daily; for an adaptive metric the model's judgement), its mute and its
 * open anomaly.
 */
export async function tenantBaselines(slug: string, now: Date) {
  const tenant = await db.tenant.findUnique({
    where: { slug: slug.toLowerCase() },
    select: { id: true, name: true, slug: true, timezone: true },
  });
  if (!tenant) return null;
  const series = await db.metricSeries.findMany({
    where: { tenantId: tenant.id },
    include: {
      metric: {
        select: {
          key: true,
          name: true,
          unit: true,
          bucket: true,
          minHistoryDays: true,
          enabled: true,
          detector: true,
        },
      },
      anomalies: {
        where: { status: { in: OPEN } },
        select: { id: true, severity: true, status: true },
        take: 1,
      },
    },
    orderBy: { metric: { name: "asc" } },
  });
  const spans = await seriesSpans(series.map((s) => s.id));
  const adaptive = new Set(series.filter((s) => s.metric.detector === "adaptive").map((s) => s.id));
  const latest = [...spans].map(([seriesId, span]) => ({ seriesId, bucket: span.last }));
  const scores = [
    ...(await scoreAgainstCachedBaselines(latest.filter((l) => !adaptive.has(l.seriesId)))),
    // The adaptive detector's judgement of the latest bucket, replayed as detection makes it.
    ...(
      await Promise.all(
        latest
          .filter((l) => adaptive.has(l.seriesId))
          .map((l) => adaptiveScores(l.seriesId, { from: l.bucket, to: l.bucket })),
      )
    ).flat(),
  ];
  const scoreOf = new Map(scores.map((s) => [s.seriesId, s]));
  const rows = series.map((s) => {
    const span = spans.get(s.id) ?? null;
    const score = scoreOf.get(s.id);
    // After a refresh the latest bucket can be inside the cached window; its z against it would mean nothing.
    const scoredAgainstIt =
      adaptive.has(s.id) || (span !== null && s.baselineThrough !== null && span.last >= s.baselineThrough);
    const baseline: LatestBaseline =
      span && score && (adaptive.has(s.id) || judged(score, span.first, s.metric.minHistoryDays))
        ? {
            center: score.center,
            spread: score.spread,
            points: score.baselinePoints,
            z: scoredAgainstIt ? score.z : null,
            anomalous: scoredAgainstIt && score.anomalous,
          }
        : null;
    const muted = s.mutedUntil !== null && s.mutedUntil > now;
    return {
      seriesId: s.id,
      metric: s.metric,
      latest: span && { bucket: span.last, value: span.lastValue },
      baseline,
      mute: muted ? { until: s.mutedUntil!, reason: s.muteReason } : null,
      openAnomaly: s.anomalies[0] ?? null,
    };
  });
  return { tenant, rows };
}

export type TenantBaselines = NonNullable<Awaited<ReturnType<typeof tenantBaselines>>>;
export type BaselineRow = TenantBaselines["rows"][number];
