import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MetricSource } from "@/lib/generated/prisma/enums";
import { bucketStart, DAY, HOUR } from "./buckets";

/**
 * How far back each pass recomputes a derived metric: rate-limit hours are rewritten by the flush
 * for a few minutes after they close, and billing events may arrive a few days late.
 */
const RECOMPUTE: Record<Exclude<MetricSource, "api">, number> = {
  rate_limit_requests: 2 * HOUR,
  rate_limit_denial_rate: 2 * HOUR,
  billing_revenue: 3 * DAY,
  billing_failed_payments: 3 * DAY,
};

type Window = { metricId: string; from: string; to: string };

/** A recomputed bucket replaces the stored one only when its value changed (see writeBucketValues). */
const REPLACE_CHANGED = Prisma.sql`ON CONFLICT (series_id, bucket) DO UPDATE SET value = excluded.value WHERE metric_points.value IS DISTINCT FROM excluded.value`;

/** The days of [from, to) since the tenant's first payment: before it there is no zero to report. */
const paymentDays = (w: Window) => Prisma.sql`
  CROSS JOIN LATERAL (SELECT date_trunc('day', min(created_at)) AS first FROM payments WHERE tenant_id = s.tenant_id) f
  CROSS JOIN generate_series(GREATEST(${w.from}::timestamp, f.first), ${w.to}::timestamp - interval '1 day', interval '1 day') AS g(at)`;

/**
 * Each source as SQL: the tenants it has data for (their series are created), and a value per
 * series and bucket in [from, to). Counts are filled with 0 for buckets without data since the
 * tenant's first, so a quiet hour is a zero and not a gap; a rate only exists when there was traffic.
 */
const SOURCES: Record<
  Exclude<MetricSource, "api">,
  { tenants: (w: Window, tx: Tx) => Promise<unknown>; values: (w: Window, tx: Tx) => Promise<number> }
> = {
  rate_limit_requests: {
    tenants: (w, tx) => tx.$executeRaw`
      INSERT INTO metric_series (tenant_id, metric_id)
      SELECT DISTINCT tenant_id, ${w.metricId} FROM rate_limit_hours WHERE hour >= ${w.from}::timestamp AND hour < ${w.to}::timestamp ORDER BY 1
      ON CONFLICT DO NOTHING`,
    values: (w, tx) => tx.$executeRaw`
      INSERT INTO metric_points (series_id, bucket, value)
      SELECT s.id, g.at, coalesce(h.allowed + h.denied, 0)
      FROM metric_series s
      CROSS JOIN LATERAL (SELECT min(hour) AS first FROM rate_limit_hours WHERE tenant_id = s.tenant_id) f
      CROSS JOIN generate_series(GREATEST(${w.from}::timestamp, f.first), ${w.to}::timestamp - interval '1 hour', interval '1 hour') AS g(at)
      LEFT JOIN rate_limit_hours h ON h.tenant_id = s.tenant_id AND h.hour = g.at
      WHERE s.metric_id = ${w.metricId}
      ORDER BY 1, 2 ${REPLACE_CHANGED}`,
  },
  rate_limit_denial_rate: {
    tenants: (w, tx) => SOURCES.rate_limit_requests.tenants(w, tx),
    values: (w, tx) => tx.$executeRaw`
      INSERT INTO metric_points (series_id, bucket, value)
      SELECT s.id, h.hour, 100.0 * h.denied / (h.allowed + h.denied)
      FROM rate_limit_hours h JOIN metric_series s ON s.tenant_id = h.tenant_id AND s.metric_id = ${w.metricId}
      WHERE h.hour >= ${w.from}::timestamp AND h.hour < ${w.to}::timestamp AND h.allowed + h.denied > 0
      ORDER BY 1, 2 ${REPLACE_CHANGED}`,
  },
  billing_revenue: {
    tenants: (w, tx) => tx.$executeRaw`
      INSERT INTO metric_series (tenant_id, metric_id)
      SELECT DISTINCT tenant_id, ${w.metricId} FROM payments ORDER BY 1
      ON CONFLICT DO NOTHING`,
    values: (w, tx) => tx.$executeRaw`
      INSERT INTO metric_points (series_id, bucket, value)
      SELECT s.id, g.at, coalesce((
        SELECT sum(p.amount_minor) / 100.0 FROM payments p
        WHERE p.tenant_id = s.tenant_id AND p.status IN ('succeeded', 'recovered') AND p.settled_at >= g.at AND p.settled_at < g.at + interval '1 day'
      ), 0)
      FROM metric_series s ${paymentDays(w)}
      WHERE s.metric_id = ${w.metricId}
      ORDER BY 1, 2 ${REPLACE_CHANGED}`,
  },
  billing_failed_payments: {
    tenants: (w, tx) => SOURCES.billing_revenue.tenants(w, tx),
    values: (w, tx) => tx.$executeRaw`
      INSERT INTO metric_points (series_id, bucket, value)
      SELECT s.id, g.at, (
        SELECT count(*) FROM payments p
        WHERE p.tenant_id = s.tenant_id AND p.first_failed_at >= g.at AND p.first_failed_at < g.at + interval '1 day'
      )
      FROM metric_series s ${paymentDays(w)}
      WHERE s.metric_id = ${w.metricId}
      ORDER BY 1, 2 ${REPLACE_CHANGED}`,
  },
};

/**
 * Computes the metrics Steward derives from its own data (rate-limit traffic, payments) for every
 * closed bucket since the last pass, recomputing the last few; a first pass fills the baseline
 * window. Returns the points written or changed.
 */
export async function deriveMetrics(now: Date): Promise<number> {
  const definitions = await db.metricDefinition.findMany({
    where: { enabled: true, source: { not: "api" } },
  });
  let written = 0;
  for (const definition of definitions) {
    const source = definition.source as Exclude<MetricSource, "api">;
    const to = bucketStart(now, definition.bucket);
    const fromScratch = to.getTime() - (definition.baselineDays + 1) * DAY;
    const from = bucketStart(
      new Date(
        definition.derivedThrough
          ? Math.max(fromScratch, definition.derivedThrough.getTime() - RECOMPUTE[source])
          : fromScratch,
      ),
      definition.bucket,
    );
    if (from >= to) continue;
    const window = { metricId: definition.id, from: from.toISOString(), to: to.toISOString() };
    written += await db.$transaction(
      async (tx) => {
        await SOURCES[source].tenants(window, tx);
        const count = await SOURCES[source].values(window, tx);
        await tx.metricDefinition.update({ where: { id: definition.id }, data: { derivedThrough: to } });
        return count;
      },
      { timeout: 120_000 },
    );
  }
  return written;
}
