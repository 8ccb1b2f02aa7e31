import { db } from "@/lib/db";
import { activeBanWhere } from "./bans";
import { effectivePolicy, GLOBAL_POLICY_ID } from "./effective-policy";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A tenant's last hour must stand this many standard deviations above its 7-day hourly mean to count as a spike. */
export const SPIKE_Z = 3;

export function getGlobalPolicy() {
  return db.rateLimitPolicy.findUniqueOrThrow({ where: { id: GLOBAL_POLICY_ID } });
}

/** Everything the tenant page shows except the traffic chart (polled separately). */
export async function getTenantRateLimits(tenantId: string, now = new Date()) {
  const [global, own, entries, bans, violations] = await Promise.all([
    getGlobalPolicy(),
    db.rateLimitPolicy.findUnique({ where: { tenantId } }),
    db.ipListEntry.findMany({ where: { tenantId }, orderBy: [{ list: "asc" }, { cidr: "asc" }] }),
    db.ipBan.findMany({
      where: { tenantId, ...activeBanWhere(now) },
      orderBy: { startedAt: "desc" },
      take: 200,
    }),
    tenantViolations(tenantId, now),
  ]);
  return { global, own, effective: effectivePolicy(global, own), entries, bans, violations };
}

/** Denied requests of the last 24 h by IP and reason, most first. */
function tenantViolations(tenantId: string, now: Date) {
  return db.$queryRaw<{ ip: string; reason: string; shadow: boolean; count: number; lastSeen: Date }[]>`
    SELECT ip, reason::text, shadow, sum(count)::int AS count, max(minute) AS "lastSeen"
    FROM rate_limit_violations
    WHERE tenant_id = ${tenantId} AND minute >= ${new Date(now.getTime() - DAY)}
    GROUP BY ip, reason, shadow
    ORDER BY count DESC, "lastSeen" DESC
    LIMIT 100`;
}

export type TrafficPoint = { at: string; allowed: number; denied: number; shadowDenied: number };

/** The slots of each chart range: per minute over the last hour, per hour over 24 h or 7 days. */
const RANGES = {
  hour: { step: 60_000, slots: 60 },
  day: { step: HOUR, slots: 24 },
  week: { step: HOUR, slots: 7 * 24 },
} as const;

/**
 * Allowed vs denied per slot of `range`, summed over the tenants `where` selects, with empty slots as
 * zeros. Minutes come from rate_limit_minutes, hours from rate_limit_hours (both indexed by time).
 */
async function traffic(
  where: { tenantId?: string },
  range: keyof typeof RANGES,
  now: Date,
): Promise<TrafficPoint[]> {
  const { step, slots } = RANGES[range];
  const end = Math.floor(now.getTime() / step) * step;
  const from = new Date(end - (slots - 1) * step);
  const _sum = { allowed: true, denied: true, shadowDenied: true } as const;
  const rows =
    range === "hour"
      ? (
          await db.rateLimitMinute.groupBy({
            by: ["minute"],
            where: { ...where, minute: { gte: from } },
            _sum,
          })
        ).map((r) => ({ at: r.minute, ...r._sum }))
      : (
          await db.rateLimitHour.groupBy({ by: ["hour"], where: { ...where, hour: { gte: from } }, _sum })
        ).map((r) => ({ at: r.hour, ...r._sum }));
  const byTime = new Map(rows.map((r) => [r.at.getTime(), r]));
  return Array.from({ length: slots }, (_, i) => {
    const at = from.getTime() + i * step;
    const row = byTime.get(at);
    return {
      at: new Date(at).toISOString(),
      allowed: row?.allowed ?? 0,
      denied: row?.denied ?? 0,
      shadowDenied: row?.shadowDenied ?? 0,
    };
  });
}

/** One tenant's allowed vs denied per minute over the last hour, or per hour over the last 7 days. */
export function tenantTraffic(
  tenantId: string,
  range: "hour" | "week",
  now = new Date(),
): Promise<TrafficPoint[]> {
  return traffic({ tenantId }, range, now);
}

/** Every tenant's decisions together, per hour over the last 24 hours: the Rate limits page's chart. */
export function platformTraffic(now = new Date()): Promise<TrafficPoint[]> {
  return traffic({}, "day", now);
}

/** The cards and tables of the global page, over the last hour / 24 h. */
export async function rateLimitOverview(now = new Date()) {
  const hourAgo = new Date(now.getTime() - HOUR);
  const dayAgo = new Date(now.getTime() - DAY);
  const [lastHour, bansBySource, activeBans, topIps, topTenants, spikes] = await Promise.all([
    db.rateLimitMinute.aggregate({
      where: { minute: { gte: hourAgo } },
      _sum: { allowed: true, denied: true, shadowDenied: true },
    }),
    db.ipBan.groupBy({ by: ["source"], where: { startedAt: { gte: dayAgo } }, _count: true }),
    db.ipBan.count({ where: activeBanWhere(now) }),
    db.$queryRaw<{ ip: string; tenantId: string; tenantName: string; count: number; reasons: string }[]>`
      SELECT v.ip, v.tenant_id AS "tenantId", t.name AS "tenantName", sum(v.count)::int AS count, string_agg(DISTINCT v.reason::text, ', ') AS reasons
      FROM rate_limit_violations v JOIN tenants t ON t.id = v.tenant_id
      WHERE v.minute >= ${dayAgo} AND NOT v.shadow
      GROUP BY v.ip, v.tenant_id, t.name ORDER BY count DESC LIMIT 10`,
    db.$queryRaw<{ tenantId: string; tenantName: string; denied: number; allowed: number }[]>`
      SELECT m.tenant_id AS "tenantId", t.name AS "tenantName", sum(m.denied)::int AS denied, sum(m.allowed)::int AS allowed
      FROM rate_limit_minutes m JOIN tenants t ON t.id = m.tenant_id
      WHERE m.minute >= ${dayAgo}
      GROUP BY m.tenant_id, t.name HAVING sum(m.denied) > 0 ORDER BY denied DESC LIMIT 10`,
    volumeSpikes(now),
  ]);
  const bans = Object.fromEntries(bansBySource.map((b) => [b.source, b._count]));
  return {
    lastHour: {
      allowed: lastHour._sum.allowed ?? 0,
      denied: lastHour._sum.denied ?? 0,
      shadowDenied: lastHour._sum.shadowDenied ?? 0,
    },
    bansLastDay: { auto: bans.auto ?? 0, manual: bans.manual ?? 0 },
    activeBans,
    topIps,
    topTenants,
    spikes,
  };
}

/**
 * Tenants whose requests in the last hour stand out against their 7-day hourly baseline:
 * z = (last 60 minutes − mean) / standard deviation over the 168 whole hours before them, hours
 * without traffic counting as zero (they have no row, hence sums over a fixed n).
 */
export function volumeSpikes(now = new Date()) {
  const hourAgo = new Date(now.getTime() - HOUR);
  const baselineEnd = new Date(Math.floor(hourAgo.getTime() / HOUR) * HOUR);
  const weekBefore = new Date(baselineEnd.getTime() - 7 * DAY);
  return db.$queryRaw<
    { tenantId: string; tenantName: string; lastHour: number; mean: number; stddev: number; z: number }[]
  >`
    WITH recent AS (
      SELECT tenant_id, sum(allowed + denied + shadow_denied)::float8 AS n
      FROM rate_limit_minutes WHERE minute >= ${hourAgo} GROUP BY tenant_id
    ), baseline AS (
      SELECT tenant_id, sum(allowed + denied + shadow_denied)::float8 / 168 AS mean,
             sum(((allowed + denied + shadow_denied)::float8) ^ 2) / 168 AS mean_square
      FROM rate_limit_hours WHERE hour >= ${weekBefore} AND hour < ${baselineEnd} GROUP BY tenant_id
    ), scored AS (
      SELECT r.tenant_id, r.n, b.mean, sqrt(greatest(b.mean_square - b.mean ^ 2, 0)) AS stddev
      FROM recent r JOIN baseline b USING (tenant_id)
    )
    SELECT s.tenant_id AS "tenantId", t.name AS "tenantName", s.n AS "lastHour", s.mean, s.stddev, (s.n - s.mean) / s.stddev AS z
    FROM scored s JOIN tenants t ON t.id = s.tenant_id
    WHERE s.stddev > 0 AND (s.n - s.mean) / s.stddev >= ${SPIKE_Z}
    ORDER BY z DESC LIMIT 20`;
}
