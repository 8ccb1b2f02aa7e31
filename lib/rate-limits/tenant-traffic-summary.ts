import { db } from "@/lib/db";
import { activeBanWhere } from "./bans";
import { tenantTraffic } from "./queries";

const HOURS_IN_DAY = 24;

/**
 * A tenant's rate-limit traffic for its page: the last 24 hours hour by hour, the last 7 days day by
 * day (both from the hourly roll-up), and its bans (active ones, and the latest few of any state).
 */
export async function tenantTrafficSummary(tenantId: string, now = new Date()) {
  const [hours, activeBans, recentBans] = await Promise.all([
    tenantTraffic(tenantId, "week", now),
    countTenantActiveBans(tenantId, now),
    db.ipBan.findMany({
      where: { tenantId },
      orderBy: { startedAt: "desc" },
      take: 5,
      select: {
        id: true,
        ip: true,
        source: true,
        reason: true,
        startedAt: true,
        expiresAt: true,
        liftedAt: true,
      },
    }),
  ]);
  const days = Array.from({ length: 7 }, (_, day) => {
    const slice = hours.slice(day * HOURS_IN_DAY, (day + 1) * HOURS_IN_DAY);
    return {
      at: slice[0].at,
      allowed: slice.reduce((sum, h) => sum + h.allowed, 0),
      denied: slice.reduce((sum, h) => sum + h.denied, 0),
    };
  });
  const bans = recentBans.map((ban) => ({
    ...ban,
    active: !ban.liftedAt && (!ban.expiresAt || ban.expiresAt > now),
  }));
  return { lastDay: hours.slice(-HOURS_IN_DAY), lastWeek: days, activeBans, bans };
}

export type TenantTrafficSummary = Awaited<ReturnType<typeof tenantTrafficSummary>>;

/** How many bans of a tenant are in force. */
export function countTenantActiveBans(tenantId: string, now = new Date()) {
  return db.ipBan.count({ where: { tenantId, ...activeBanWhere(now) } });
}
