import { db } from "@/lib/db";
import { DAY_MS, isoDay, utcDay } from "@/lib/utc-day";

export const TREND_DAYS = 30;

export type TrendPoint = { day: string; newTenants: number; conversions: number; recovered: number };

/**
 * New tenants, trial conversions and recovered payments per UTC day over the last 30 days,
 * zero-filled. Each count reads a range of an index (tenants (created_at, id), trials
 * (converted_at), payments (status, settled_at)).
 */
export async function getTrends(now = new Date()): Promise<TrendPoint[]> {
  const from = new Date(utcDay(now).getTime() - (TREND_DAYS - 1) * DAY_MS);
  const rows = await db.$queryRaw<{ day: Date; what: keyof Omit<TrendPoint, "day">; count: number }[]>`
    SELECT date_trunc('day', created_at) AS day, 'newTenants' AS what, count(*)::int AS count
      FROM tenants WHERE created_at >= ${from}::timestamp GROUP BY 1
    UNION ALL
    SELECT date_trunc('day', converted_at), 'conversions', count(*)::int
      FROM trials WHERE converted_at >= ${from}::timestamp GROUP BY 1
    UNION ALL
    SELECT date_trunc('day', settled_at), 'recovered', count(*)::int
      FROM payments WHERE status = 'recovered' AND settled_at >= ${from}::timestamp GROUP BY 1`;
  const points = Array.from({ length: TREND_DAYS }, (_, i) => ({
    day: isoDay(new Date(from.getTime() + i * DAY_MS)),
    newTenants: 0,
    conversions: 0,
    recovered: 0,
  }));
  const byDay = new Map(points.map((point) => [point.day, point]));
  for (const row of rows) {
    const point = byDay.get(isoDay(row.day));
    if (point) point[row.what] += row.count;
  }
  return points;
}
