import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type {
  AnomalySeverity,
  MetricBucket,
  MetricDetector,
  MetricSeasonality,
} from "@/lib/generated/prisma/enums";
import { slotBaselinesSql, slotOf, slotOfRow } from "./baselines";

/** Detection takes this transaction lock per batch (and to alert), so two passes never score a bucket twice. */
export const DETECTION_LOCK = 7_240_501;

/** Fewer points than this in a bucket's slot say nothing about its spread. */
export const MIN_BASELINE_POINTS = 3;

/** One scored bucket: its value against the baseline it was compared with. */
export type ScoredBucket = {
  seriesId: number;
  tenantId: string;
  metricId: string;
  bucket: Date;
  value: number;
  z: number;
  center: number;
  spread: number;
  baselinePoints: number;
  anomalous: boolean;
  severity: AnomalySeverity;
  bucketSize: MetricBucket;
  /** The rule it was judged by */
  threshold: number;
  baselineDays: number;
  seasonality: MetricSeasonality;
  robust: boolean;
  detector: MetricDetector;
  /** The adaptive detector's band (asymmetric for counts); null for a z-score */
  bandLow: number | null;
  bandHigh: number | null;
};

/**
 * z, the anomalous flag and the severity of scored rows `scored(id, at, value, n, center, spread)`:
 * anomalous when z passes the threshold on the watched side, with at least MIN_BASELINE_POINTS
 * points in the slot and `min_history_days` of history before the bucket.
 */
function judged(scored: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT sc.id AS "seriesId", s.tenant_id AS "tenantId", s.metric_id AS "metricId", sc.at AS bucket, sc.value, z.z, sc.center, sc.spread, sc.n AS "baselinePoints",
           sc.n >= ${MIN_BASELINE_POINTS}
             AND (SELECT min(f.bucket) FROM metric_points f WHERE f.series_id = sc.id) <= sc.at - d.min_history_days * interval '1 day'
             AND CASE d.direction WHEN 'spike' THEN z.z >= d.z_threshold WHEN 'drop' THEN z.z <= -d.z_threshold ELSE abs(z.z) >= d.z_threshold END AS anomalous,
           (CASE WHEN abs(z.z) >= d.critical_z THEN 'critical' WHEN abs(z.z) >= d.high_z THEN 'high' WHEN abs(z.z) >= d.medium_z THEN 'medium' ELSE 'low' END)::"AnomalySeverity" AS severity,
           d.bucket AS "bucketSize", d.z_threshold AS threshold, d.baseline_days AS "baselineDays", d.seasonality, d.robust,
           'zscore'::"MetricDetector" AS detector, NULL::float8 AS "bandLow", NULL::float8 AS "bandHigh"
    FROM ${scored} sc
    JOIN metric_series s ON s.id = sc.id
    JOIN metric_definitions d ON d.id = s.metric_id
    CROSS JOIN LATERAL (SELECT LEAST(999, GREATEST(-999, (sc.value - sc.center) / sc.spread)) AS z) z
    ORDER BY sc.id, sc.at`;
}

/**
 * Scores, in one statement, every bucket of the series with ids in (afterId, uptoId] that closed at
 * least `settleMs` ago (late reports of a bucket still count), that detection has not scored yet
 * and that is newer than `lookbackFrom`, against its slot's cached baseline (see baselines.ts;
 * refresh them first), and marks them scored. Buckets of a muted series or a disabled metric are
 * marked scored without being judged, so lifting the mute does not report what happened meanwhile.
 * Metrics on the adaptive detector are scored by `scoreAdaptiveBuckets` instead.
 */
export async function scoreBuckets(
  tx: Pick<Tx, "$queryRaw">,
  range: { afterId: number; uptoId: number; now: Date; lookbackFrom: Date; settleMs: number },
): Promise<ScoredBucket[]> {
  const now = range.now.toISOString();
  return tx.$queryRaw<ScoredBucket[]>`
    WITH s AS MATERIALIZED (
      SELECT s.id, d.seasonality, d.bucket AS size, t.timezone,
             d.enabled AND (s.muted_until IS NULL OR s.muted_until <= ${now}::timestamp) AS judge,
             GREATEST(s.evaluated_through, ${range.lookbackFrom.toISOString()}::timestamp) AS scored_after,
             ${new Date(range.now.getTime() - range.settleMs).toISOString()}::timestamp - CASE d.bucket WHEN 'hour' THEN interval '1 hour' ELSE interval '1 day' END AS closed_through
      FROM metric_series s
      JOIN metric_definitions d ON d.id = s.metric_id
      JOIN tenants t ON t.id = s.tenant_id
      WHERE s.id > ${range.afterId} AND s.id <= ${range.uptoId} AND d.detector = 'zscore'
    ),
    due AS MATERIALIZED (
      SELECT s.*, p.bucket AS at, p.value
      FROM s JOIN metric_points p ON p.series_id = s.id AND p.bucket > s.scored_after AND p.bucket <= s.closed_through
    ),
    advanced AS (
      UPDATE metric_series m SET evaluated_through = d.last
      FROM (SELECT id, max(at) AS last FROM due GROUP BY id) d WHERE m.id = d.id
    ),
    scored AS (
      SELECT due.id, due.at, due.value, b.points AS n, b.center, b.spread
      FROM due JOIN metric_baselines b ON b.series_id = due.id AND b.slot = ${slotOfRow(Prisma.sql`due.at`, "due")}
      WHERE due.judge
    )
    ${judged(Prisma.sql`scored`)}`;
}

/**
 * Buckets (one per series) against the cached baselines detection compares them with, without
 * marking anything: the baselines page.
 */
export async function scoreAgainstCachedBaselines(
  buckets: { seriesId: number; bucket: Date }[],
): Promise<ScoredBucket[]> {
  if (buckets.length === 0) return [];
  return db.$queryRaw<ScoredBucket[]>`
    WITH scored AS (
      SELECT s.id, a.at, p.value, b.points AS n, b.center, b.spread
      FROM unnest(${buckets.map((b) => b.seriesId)}::int[], ${buckets.map((b) => b.bucket.toISOString())}::timestamp[]) AS a(series_id, at)
      JOIN metric_series s ON s.id = a.series_id
      JOIN metric_definitions d ON d.id = s.metric_id
      JOIN metric_points p ON p.series_id = s.id AND p.bucket = a.at
      JOIN tenants t ON t.id = s.tenant_id
      JOIN metric_baselines b ON b.series_id = s.id AND b.slot = ${slotOf(Prisma.sql`a.at`, { seasonality: Prisma.sql`d.seasonality`, size: Prisma.sql`d.bucket`, timezone: Prisma.sql`t.timezone` })}
    )
    ${judged(Prisma.sql`scored`)}`;
}

/**
 * Scores of the given series' buckets in [from, to], each against the window just before it,
 * without marking anything: the chart's rolling baseline band. Detection itself uses baselines
 * cached for about a day, so its figures may differ slightly from these.
 */
export async function previewScores(
  client: typeof db,
  range: { seriesIds: number[]; from: Date; to: Date },
): Promise<ScoredBucket[]> {
  if (range.seriesIds.length === 0) return [];
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  return client.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
    return tx.$queryRaw<ScoredBucket[]>`
      WITH windows AS MATERIALIZED (
        SELECT s.id, d.bucket AS size, d.baseline_days, d.seasonality, d.robust, t.timezone, p.bucket AS at, p.value
        FROM metric_series s
        JOIN metric_definitions d ON d.id = s.metric_id
        JOIN tenants t ON t.id = s.tenant_id
        JOIN metric_points p ON p.series_id = s.id AND p.bucket >= ${from}::timestamp AND p.bucket <= ${to}::timestamp
        WHERE s.id = ANY(${range.seriesIds}::int[]) AND p.series_id = ANY(${range.seriesIds}::int[])
      ),
      ${slotBaselinesSql(Prisma.sql`h.series_id = ANY(${range.seriesIds}::int[]) AND h.bucket >= ${from}::timestamp - interval '30 days' AND h.bucket < ${to}::timestamp`)},
      scored AS (
        SELECT w.id, w.at, w.value, b.n, b.center, b.spread
        FROM windows w JOIN slot_baselines b ON b.id = w.id AND b.at = w.at AND b.slot = ${slotOfRow(Prisma.sql`w.at`, "w")}
      )
      ${judged(Prisma.sql`scored`)}`;
  });
}
