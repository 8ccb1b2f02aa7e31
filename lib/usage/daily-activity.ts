import { db } from "@/lib/db";
import { DAY_MS, isoDay, utcDay } from "@/lib/utc-day";

/** The analysis looks at this many whole UTC days before the day it runs. */
export const WINDOW_DAYS = 30;

/** The 30 whole UTC days before `now`'s day: `day` is the day analysed (today), `days` oldest first. */
export type UsageWindow = { day: string; start: Date; end: Date; days: string[] };

export function usageWindow(now: Date): UsageWindow {
  const end = utcDay(now);
  const start = new Date(end.getTime() - WINDOW_DAYS * DAY_MS);
  const days = Array.from({ length: WINDOW_DAYS }, (_, i) => isoDay(new Date(start.getTime() + i * DAY_MS)));
  return { day: isoDay(end), start, end, days };
}

/**
 * One tenant's activity on one UTC day. `requests` counts what reached the rate limiter (allowed and
 * denied); `reported` counts buckets of API-reported metrics (e.g. logins) above 0; `payments`
 * counts charges created.
 */
export type DailyActivity = {
  tenantId: string;
  day: string;
  requests: number;
  denied: number;
  reported: number;
  payments: number;
};

/**
 * The days of the window (or any other span) on which the given tenants had any activity (days
 * without any are left out), in one statement whatever the number of tenants. Each tenant's rows are
 * read through a lateral on an index starting with the tenant: with the ids as one array instead, the
 * planner expects a large share of the table and scans all of it for every batch.
 */
export async function readDailyActivity(
  tenantIds: string[],
  window: Pick<UsageWindow, "start" | "end">,
): Promise<DailyActivity[]> {
  const start = window.start.toISOString();
  const end = window.end.toISOString();
  // float8: a day's sum of int columns may pass int4, and float8 stays exact far beyond any real count.
  return db.$queryRaw<DailyActivity[]>`
    SELECT t.id AS "tenantId", to_char(a.day, 'YYYY-MM-DD') AS day, a.requests, a.denied, a.reported, a.payments
    FROM unnest(${tenantIds}::text[]) AS t(id)
    CROSS JOIN LATERAL (
      SELECT day, sum(requests)::float8 AS requests, sum(denied)::float8 AS denied, sum(reported)::float8 AS reported, sum(payments)::float8 AS payments
      FROM (
        SELECT hour::date AS day, allowed + denied AS requests, denied, 0 AS reported, 0 AS payments
        FROM rate_limit_hours
        WHERE tenant_id = t.id AND hour >= ${start}::timestamp AND hour < ${end}::timestamp AND allowed + denied > 0
        UNION ALL
        SELECT p.bucket::date, 0, 0, 1, 0
        FROM metric_series s
        JOIN metric_definitions d ON d.id = s.metric_id AND d.source = 'api'
        JOIN metric_points p ON p.series_id = s.id AND p.bucket >= ${start}::timestamp AND p.bucket < ${end}::timestamp AND p.value > 0
        WHERE s.tenant_id = t.id
        UNION ALL
        SELECT created_at::date, 0, 0, 0, 1
        FROM payments
        WHERE tenant_id = t.id AND created_at >= ${start}::timestamp AND created_at < ${end}::timestamp
      ) activity
      GROUP BY day
    ) a
    ORDER BY 1, 2`;
}
