import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Baselines: for a window of a series' points (the `baseline_days` before the window's end), a
 * center and spread per seasonal slot.
 *
 * Without seasonality there is one slot: the mean and standard deviation of the window (median
 * and 1.4826 × MAD when robust). With seasonality each point belongs to a slot — its local hour of
 * day, or weekday (and hour), in the tenant's time zone at that point (so a DST change does not
 * shift the slots; a daily bucket's weekday is its UTC day's): a slot's
 * center is the mean (median) of its points, and the spread comes from every point's distance to
 * its own slot's center, so a 4-point weekday slot still gets a spread measured on the whole
 * window. The spread is widened by √((n+1)/(n−1)) for a center estimated from n points (exact for
 * normal noise, negligible for long windows); a window without variation uses 1% of its level
 * (one unit at level 0), so z stays finite.
 */

/** A bucket's seasonal slot, from the metric's `seasonality` and bucket `size` and the tenant's `timezone`. */
export function slotOf(
  bucket: Prisma.Sql,
  columns: { seasonality: Prisma.Sql; size: Prisma.Sql; timezone: Prisma.Sql },
): Prisma.Sql {
  const local = Prisma.sql`(${bucket} AT TIME ZONE 'UTC' AT TIME ZONE ${columns.timezone})`;
  return Prisma.sql`CASE
    WHEN ${columns.seasonality} = 'none' THEN 0
    WHEN ${columns.size} = 'day' THEN date_part('isodow', ${bucket})::int - 1
    WHEN ${columns.seasonality} = 'hour_of_day' THEN date_part('hour', ${local})::int
    ELSE (date_part('isodow', ${local})::int - 1) * 24 + date_part('hour', ${local})::int
  END`;
}

/** The slot of a bucket for a row that carries `seasonality`, `size` and `timezone`. */
export const slotOfRow = (bucket: Prisma.Sql, row: string) =>
  slotOf(bucket, {
    seasonality: Prisma.raw(`${row}.seasonality`),
    size: Prisma.raw(`${row}.size`),
    timezone: Prisma.raw(`${row}.timezone`),
  });

/**
 * CTEs (after a `windows` CTE and a comma) ending in `slot_baselines(id, at, slot, n, center,
 * spread)`. `points` restricts the metric_points rows read (the batch's
 * series), so the window join can be a hash join: run with nested loops off, as the planner's
 * guesses for CTE sizes would otherwise pick quadratic nested loops between them.
 */
export function slotBaselinesSql(points: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    hist AS MATERIALIZED (
      SELECT w.id, w.at, w.robust, h.value, ${slotOfRow(Prisma.sql`h.bucket`, "w")} AS slot
      FROM windows w JOIN metric_points h ON h.series_id = w.id AND h.bucket >= w.at - w.baseline_days * interval '1 day' AND h.bucket < w.at
      WHERE ${points}
    ),
    -- Robust slots need a median (a sort per slot); the others group by hashing.
    slot_stats AS MATERIALIZED (
      SELECT id, at, slot, false AS robust, count(*)::int AS n, var_pop(value) AS var, avg(value) AS center
      FROM hist WHERE NOT robust GROUP BY id, at, slot
      UNION ALL
      SELECT id, at, slot, true, count(*)::int, var_pop(value), percentile_cont(0.5) WITHIN GROUP (ORDER BY value)
      FROM hist WHERE robust GROUP BY id, at, slot
    ),
    plain_spreads AS (
      SELECT id, at, sqrt(sum(n * var) / sum(n)) AS rms FROM slot_stats WHERE NOT robust GROUP BY id, at
    ),
    robust_spreads AS (
      SELECT h.id, h.at, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(h.value - st.center)) AS mad, sqrt(avg((h.value - st.center) ^ 2)) AS rms
      FROM hist h JOIN slot_stats st ON st.id = h.id AND st.at = h.at AND st.slot = h.slot
      WHERE h.robust GROUP BY h.id, h.at
    ),
    slot_baselines AS (
      SELECT st.id, st.at, st.slot, st.n, st.center,
             GREATEST(
               CASE WHEN st.n > 1 THEN sqrt((st.n + 1.0) / (st.n - 1.0)) ELSE 1 END * coalesce(nullif(1.4826 * r.mad, 0), r.rms, p.rms, 0),
               abs(st.center) * 0.01,
               CASE WHEN st.center = 0 THEN 1 ELSE 0 END) AS spread
      FROM slot_stats st
      LEFT JOIN robust_spreads r ON r.id = st.id AND r.at = st.at
      LEFT JOIN plain_spreads p ON p.id = st.id AND p.at = st.at
    )`;
}

/** A series' baseline is recomputed about once a day (by id, spread over the day's passes), and after two days at the latest. */
const STALE_AFTER_DAYS = 2;

/**
 * Recomputes the cached baselines of the series in (afterId, uptoId] that need it: never computed,
 * older than two days, or this pass's share of the daily refresh (series id modulo passes per
 * day), so each pass re-reads about 1/96 of the windows instead of all of them. The window ends
 * where scoring starts (after the last scored bucket), so a scored bucket is never part of its
 * own baseline. Returns how many series were refreshed.
 */
export async function refreshBaselines(
  tx: Tx,
  batch: {
    afterId: number;
    uptoId: number;
    now: Date;
    lookbackFrom: Date;
    passIndex: number;
    passesPerDay: number;
  },
): Promise<number> {
  const now = batch.now.toISOString();
  const due = await tx.$queryRaw<{ id: number }[]>`
    SELECT s.id FROM metric_series s JOIN metric_definitions d ON d.id = s.metric_id
    WHERE s.id > ${batch.afterId} AND s.id <= ${batch.uptoId} AND d.enabled AND d.detector = 'zscore' AND (s.muted_until IS NULL OR s.muted_until <= ${now}::timestamp)
      AND (s.baseline_refreshed_at IS NULL OR s.baseline_refreshed_at < ${now}::timestamp - ${STALE_AFTER_DAYS} * interval '1 day' OR s.id % ${batch.passesPerDay} = ${batch.passIndex})`;
  if (due.length === 0) return 0;
  const ids = due.map((row) => row.id);
  await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
  await tx.$executeRaw`
    WITH windows AS MATERIALIZED (
      SELECT s.id, d.bucket AS size, d.baseline_days, d.seasonality, d.robust, t.timezone,
             date_trunc(d.bucket::text, GREATEST(s.evaluated_through, ${batch.lookbackFrom.toISOString()}::timestamp))
               + CASE d.bucket WHEN 'hour' THEN interval '1 hour' ELSE interval '1 day' END AS at
      FROM metric_series s
      JOIN metric_definitions d ON d.id = s.metric_id
      JOIN tenants t ON t.id = s.tenant_id
      WHERE s.id = ANY(${ids}::int[])
    ),
    ${slotBaselinesSql(Prisma.sql`h.series_id = ANY(${ids}::int[])`)},
    upserted AS (
      INSERT INTO metric_baselines (series_id, slot, points, center, spread)
      SELECT id, slot, n, center, spread FROM slot_baselines
      ON CONFLICT (series_id, slot) DO UPDATE SET points = excluded.points, center = excluded.center, spread = excluded.spread
    ),
    -- A slot without points in the new window has no baseline any more. (The ids are repeated
    -- for the index: with nested loops off, a join with the CTE would scan the whole table.)
    removed AS (
      DELETE FROM metric_baselines b WHERE b.series_id = ANY(${ids}::int[])
        AND NOT EXISTS (SELECT 1 FROM slot_baselines sb WHERE sb.id = b.series_id AND sb.slot = b.slot)
    ),
    marked AS (
      UPDATE metric_series m SET baseline_through = w.at, baseline_refreshed_at = ${now}::timestamp FROM windows w WHERE m.id = w.id AND m.id = ANY(${ids}::int[])
    )
    SELECT 1`;
  await tx.$executeRaw`SET LOCAL enable_nestloop = on`;
  return ids.length;
}

/** Forgets the cached baselines of a metric's series (its rule changed), so the next pass recomputes them. */
export async function forgetBaselines(tx: Tx, metricId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM metric_baselines WHERE series_id IN (SELECT id FROM metric_series WHERE metric_id = ${metricId})`;
  await tx.metricSeries.updateMany({
    where: { metricId },
    data: { baselineThrough: null, baselineRefreshedAt: null },
  });
}
