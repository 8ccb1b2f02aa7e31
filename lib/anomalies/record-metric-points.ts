import { db, type Tx } from "@/lib/db";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { MetricAggregation, MetricBucket } from "@/lib/generated/prisma/enums";
import { bucketStart } from "./buckets";
import type { MetricPointInput } from "./schemas";

type Metric = {
  id: string;
  key: string;
  source: string;
  bucket: MetricBucket;
  aggregation: MetricAggregation;
};
/** One bucket's value for a series, ready to write. */
export type BucketValue = { seriesId: number; bucket: Date; value: number };
export type WriteOutcome = { inserted: number; updated: number; unchanged: number };

/** Tenants by slug and metrics by key, with a field error per point that names neither. */
async function resolveReferences(
  points: MetricPointInput[],
): Promise<{ tenantIds: Map<string, string>; metrics: Map<string, Metric> }> {
  const [tenants, metrics] = await Promise.all([
    db.tenant.findMany({
      where: { slug: { in: [...new Set(points.map((p) => p.tenant))] } },
      select: { id: true, slug: true },
    }),
    db.metricDefinition.findMany({
      where: { key: { in: [...new Set(points.map((p) => p.metric))] } },
      select: { id: true, key: true, source: true, bucket: true, aggregation: true },
    }),
  ]);
  const tenantIds = new Map(tenants.map((t) => [t.slug, t.id]));
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  const fields: FieldErrors = {};
  points.forEach((p, index) => {
    if (!tenantIds.has(p.tenant))
      fields[`points.${index}.tenant`] = [`no tenant with the slug '${p.tenant}'`];
    const metric = byKey.get(p.metric);
    if (!metric)
      fields[`points.${index}.metric`] = [
        `unknown metric '${p.metric}'; the Anomalies rules page lists them and can add one`,
      ];
    else if (metric.source !== "api")
      fields[`points.${index}.metric`] = [
        `'${p.metric}' is computed by Steward from its own data and cannot be reported`,
      ];
  });
  if (Object.keys(fields).length)
    throw new AppError("VALIDATION", "Some points are invalid; nothing was recorded.", fields);
  return { tenantIds, metrics: byKey };
}

/** Points of one batch that share a series and bucket become one value, by the metric's aggregation. */
function combine(values: number[], aggregation: MetricAggregation): number {
  if (aggregation === "max") return Math.max(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return aggregation === "mean" ? sum / values.length : sum;
}

/** Series ids per tenant × metric, created on first use. */
export async function seriesIdsFor(
  tx: Tx,
  pairs: { tenantId: string; metricId: string }[],
): Promise<Map<string, number>> {
  const unique = [...new Map(pairs.map((p) => [`${p.tenantId}|${p.metricId}`, p])).values()];
  const tenantIds = unique.map((p) => p.tenantId);
  const metricIds = unique.map((p) => p.metricId);
  await tx.$executeRaw`
    INSERT INTO metric_series (tenant_id, metric_id)
    SELECT * FROM unnest(${tenantIds}::text[], ${metricIds}::text[]) ORDER BY 1, 2
    ON CONFLICT (tenant_id, metric_id) DO NOTHING`;
  const rows = await tx.$queryRaw<{ id: number; tenant_id: string; metric_id: string }[]>`
    SELECT s.id, s.tenant_id, s.metric_id FROM metric_series s
    JOIN unnest(${tenantIds}::text[], ${metricIds}::text[]) AS i(tenant_id, metric_id) USING (tenant_id, metric_id)`;
  return new Map(rows.map((r) => [`${r.tenant_id}|${r.metric_id}`, r.id]));
}

/**
 * Writes bucket values: a new bucket is inserted, a known one takes the new value (last write wins),
 * and the same value again changes nothing. Rows are written in key order so concurrent writers
 * never deadlock.
 */
export async function writeBucketValues(
  tx: Pick<Tx, "$queryRaw">,
  values: BucketValue[],
): Promise<WriteOutcome> {
  if (values.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO metric_points (series_id, bucket, value)
    SELECT * FROM unnest(${values.map((v) => v.seriesId)}::int[], ${values.map((v) => v.bucket.toISOString())}::timestamp[], ${values.map((v) => v.value)}::float8[])
    ORDER BY 1, 2
    ON CONFLICT (series_id, bucket) DO UPDATE SET value = excluded.value WHERE metric_points.value IS DISTINCT FROM excluded.value
    RETURNING (xmax = 0) AS inserted`;
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: values.length - rows.length };
}

/**
 * Records a batch reported through the API, all or nothing. Each point lands in its metric's bucket
 * (UTC hour or day); points of the batch in the same bucket are combined by the metric's aggregation
 * (sum, mean or max), and the result replaces what an earlier batch said for that bucket. Sending a
 * batch again therefore changes nothing.
 */
export async function recordMetricPoints(
  points: MetricPointInput[],
): Promise<WriteOutcome & { points: number; buckets: number }> {
  const { tenantIds, metrics } = await resolveReferences(points);
  const groups = new Map<string, { tenantId: string; metric: Metric; bucket: Date; values: number[] }>();
  for (const p of points) {
    const metric = metrics.get(p.metric)!;
    const tenantId = tenantIds.get(p.tenant)!;
    const bucket = bucketStart(p.timestamp, metric.bucket);
    const key = `${tenantId}|${metric.id}|${bucket.getTime()}`;
    const group = groups.get(key) ?? { tenantId, metric, bucket, values: [] };
    group.values.push(p.value);
    groups.set(key, group);
  }
  const outcome = await db.$transaction(async (tx) => {
    const seriesIds = await seriesIdsFor(
      tx,
      [...groups.values()].map((g) => ({ tenantId: g.tenantId, metricId: g.metric.id })),
    );
    return writeBucketValues(
      tx,
      [...groups.values()].map((g) => ({
        seriesId: seriesIds.get(`${g.tenantId}|${g.metric.id}`)!,
        bucket: g.bucket,
        value: combine(g.values, g.metric.aggregation),
      })),
    );
  });
  return { points: points.length, buckets: groups.size, ...outcome };
}
