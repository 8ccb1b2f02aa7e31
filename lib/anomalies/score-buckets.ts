import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AnomalySeverity } from "@/lib/generated/prisma/enums";

/** Detection takes this transaction lock per batch (and to alert), so two passes never score a bucket twice. */
export const DETECTION_LOCK = 7_240_501;

/** Fewer points than this in a bucket's baseline say nothing about its spread. */
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
};

/**
 * Scores, in one statement, every closed bucket of the series with ids in (afterId, uptoId] that
 * detection has not scored yet (and is newer than `lookbackFrom`), and marks them scored.
 *
 * A bucket's baseline is the series' points in the `baseline_days` before it. Without seasonality,
 * center and spread are their mean and standard deviation (median and 1.4826 × MAD when robust).
 * With seasonality each point belongs to a slot — its local hour of day, or weekday (and hour) — in
 * the tenant's time zone at the scored bucket: the center is the mean (median) of the bucket's own
 * slot, and the spread comes from every point's distance to its slot's center, so a 4-point
 * weekday slot still gets a spread measured on the whole window. The spread is widened by
 * √((n+1)/(n−1)) for a center estimated from n points (exact for normal noise; negligible for
 * long windows). A baseline without variation uses 1% of its level as spread (one unit at level
 * 0), so z stays finite. A bucket is anomalous when z passes the threshold on the watched side,
 * with at least MIN_BASELINE_POINTS points in its slot and `min_history_days` of history before it.
 */
export async function scoreBuckets(tx: Pick<Tx, "$queryRaw">, range: { afterId: number; uptoId: number; now: Date; lookbackFrom: Date }): Promise<ScoredBucket[]> {
  const now = range.now.toISOString();
  const due = Prisma.sql`
    s AS MATERIALIZED (
      SELECT s.id, d.bucket AS size, d.baseline_days, d.seasonality, d.robust, t.timezone,
             GREATEST(s.evaluated_through, ${range.lookbackFrom.toISOString()}::timestamp) AS scored_after,
             ${now}::timestamp - CASE d.bucket WHEN 'hour' THEN interval '1 hour' ELSE interval '1 day' END AS closed_through
      FROM metric_series s
      JOIN metric_definitions d ON d.id = s.metric_id
      JOIN tenants t ON t.id = s.tenant_id
      WHERE s.id > ${range.afterId} AND s.id <= ${range.uptoId} AND d.enabled AND (s.muted_until IS NULL OR s.muted_until <= ${now}::timestamp)
    ),
    due AS MATERIALIZED (
      SELECT s.id, s.size, s.baseline_days, s.seasonality, s.robust, s.timezone, p.bucket AS at
      FROM s JOIN metric_points p ON p.series_id = s.id AND p.bucket > s.scored_after AND p.bucket <= s.closed_through
    ),
    advanced AS (
      UPDATE metric_series m SET evaluated_through = d.last
      FROM (SELECT id, max(at) AS last FROM due GROUP BY id) d WHERE m.id = d.id
    ),`;
  return tx.$queryRaw<ScoredBucket[]>(scoring(due));
}

/**
 * The same scores for the given series' buckets in [from, to], without marking anything scored:
 * the chart's baseline band and the baselines page show exactly what detection compares with.
 */
export async function previewScores(tx: Pick<Tx, "$queryRaw">, range: { seriesIds: number[]; from: Date; to: Date }): Promise<ScoredBucket[]> {
  if (range.seriesIds.length === 0) return [];
  const due = Prisma.sql`
    due AS MATERIALIZED (
      SELECT s.id, d.bucket AS size, d.baseline_days, d.seasonality, d.robust, t.timezone, p.bucket AS at
      FROM metric_series s
      JOIN metric_definitions d ON d.id = s.metric_id
      JOIN tenants t ON t.id = s.tenant_id
      JOIN metric_points p ON p.series_id = s.id AND p.bucket >= ${range.from.toISOString()}::timestamp AND p.bucket <= ${range.to.toISOString()}::timestamp
      WHERE s.id = ANY(${range.seriesIds}::int[])
    ),`;
  return tx.$queryRaw<ScoredBucket[]>(scoring(due));
}

/**
 * Scores the buckets of the `due` CTE (id, size, baseline_days, seasonality, robust, timezone, at).
 * Every CTE join below is a nested loop into an index of a real table: planner estimates for CTEs
 * are guesses, and a nested loop between two large CTEs would be quadratic.
 */
function scoring(due: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH ${due}
    slotted AS (
      SELECT due.*,
             CASE WHEN seasonality = 'none' THEN 1 WHEN size = 'day' THEN 7 WHEN seasonality = 'hour_of_day' THEN 24 ELSE 168 END AS slots,
             -- Slots are counted in local time: the offset of the tenant's zone at the scored bucket.
             CASE WHEN size = 'hour' THEN date_part('epoch', (at AT TIME ZONE 'UTC' AT TIME ZONE timezone) - at) / 3600 ELSE 0 END AS offset_hours,
             CASE size WHEN 'hour' THEN 3600 ELSE 86400 END AS seconds
      FROM due
    ),
    hist AS (
      SELECT due.id, due.at, due.robust, h.value,
             floor(date_part('epoch', h.bucket) / due.seconds + due.offset_hours)::bigint % due.slots AS slot,
             floor(date_part('epoch', due.at) / due.seconds + due.offset_hours)::bigint % due.slots AS due_slot
      FROM slotted due JOIN metric_points h ON h.series_id = due.id AND h.bucket >= due.at - due.baseline_days * interval '1 day' AND h.bucket < due.at
    ),
    slots AS (
      SELECT id, at, slot, bool_or(robust) AS robust, bool_or(slot = due_slot) AS is_due_slot, count(*)::int AS n,
             CASE WHEN bool_or(robust) THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY value) ELSE avg(value) END AS center,
             array_agg(value) AS vals
      FROM hist GROUP BY id, at, slot
    ),
    -- Each point's distance to its slot's center measures the spread over the whole window.
    baselines AS (
      SELECT slots.id, slots.at, bool_or(robust) AS robust,
             max(n) FILTER (WHERE is_due_slot) AS n, max(center) FILTER (WHERE is_due_slot) AS center,
             sqrt(avg((v - center) * (v - center))) AS rms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(v - center)) FILTER (WHERE robust) AS mad
      FROM slots CROSS JOIN LATERAL unnest(slots.vals) AS v GROUP BY slots.id, slots.at
    ),
    spread AS (
      SELECT id, at, n, center, GREATEST(
               CASE WHEN n > 1 THEN sqrt((n + 1.0) / (n - 1.0)) ELSE 1 END * coalesce(CASE WHEN robust THEN nullif(1.4826 * mad, 0) END, rms, 0),
               abs(center) * 0.01,
               CASE WHEN center = 0 THEN 1 ELSE 0 END) AS spread
      FROM baselines WHERE n IS NOT NULL
    )
    SELECT sp.id AS "seriesId", s.tenant_id AS "tenantId", s.metric_id AS "metricId", sp.at AS bucket, p.value, z.z, sp.center, sp.spread, sp.n AS "baselinePoints",
           sp.n >= ${MIN_BASELINE_POINTS}
             AND (SELECT min(f.bucket) FROM metric_points f WHERE f.series_id = sp.id) <= sp.at - d.min_history_days * interval '1 day'
             AND CASE d.direction WHEN 'spike' THEN z.z >= d.z_threshold WHEN 'drop' THEN z.z <= -d.z_threshold ELSE abs(z.z) >= d.z_threshold END AS anomalous,
           (CASE WHEN abs(z.z) >= d.critical_z THEN 'critical' WHEN abs(z.z) >= d.high_z THEN 'high' WHEN abs(z.z) >= d.medium_z THEN 'medium' ELSE 'low' END)::"AnomalySeverity" AS severity
    FROM spread sp
    JOIN metric_series s ON s.id = sp.id
    JOIN metric_definitions d ON d.id = s.metric_id
    JOIN metric_points p ON p.series_id = sp.id AND p.bucket = sp.at
    CROSS JOIN LATERAL (SELECT LEAST(999, GREATEST(-999, (p.value - sp.center) / sp.spread)) AS z) z
    ORDER BY sp.id, sp.at`;
}
