import { db } from "@/lib/db";
import { DAY } from "./buckets";

/** How much of each series the small chart shows before the latest anomalous bucket. */
const SPARK_LEAD = 3 * DAY;

/**
 * A tenant's open anomalies (active or acknowledged, the most severe and latest first), each with
 * its metric and the series' points from three days before its last bucket, for a small chart.
 * The points of every series come in one query over the (series_id, bucket) key.
 */
export async function tenantOpenAnomalies(tenantId: string, take = 6) {
  const anomalies = await db.anomaly.findMany({
    where: { tenantId, status: { in: ["active", "acknowledged"] } },
    orderBy: [{ severity: "desc" }, { lastBucket: "desc" }],
    take,
    select: {
      id: true,
      seriesId: true,
      status: true,
      severity: true,
      lastBucket: true,
      value: true,
      center: true,
      metric: { select: { key: true, name: true, unit: true } },
    },
  });
  if (anomalies.length === 0) return [];
  const from = new Date(Math.min(...anomalies.map((a) => a.lastBucket.getTime())) - SPARK_LEAD);
  const points = await db.metricPoint.findMany({
    where: { seriesId: { in: anomalies.map((a) => a.seriesId) }, bucket: { gte: from } },
    orderBy: { bucket: "asc" },
    select: { seriesId: true, bucket: true, value: true },
  });
  return anomalies.map(({ seriesId, ...anomaly }) => {
    const since = anomaly.lastBucket.getTime() - SPARK_LEAD;
    return {
      ...anomaly,
      points: points
        .filter((p) => p.seriesId === seriesId && p.bucket.getTime() >= since)
        .map((p) => ({ at: p.bucket.getTime(), value: p.value })),
    };
  });
}

export type TenantOpenAnomaly = Awaited<ReturnType<typeof tenantOpenAnomalies>>[number];

/** How many anomalies of a tenant are open (active or acknowledged). */
export function countTenantOpenAnomalies(tenantId: string) {
  return db.anomaly.count({ where: { tenantId, status: { in: ["active", "acknowledged"] } } });
}
