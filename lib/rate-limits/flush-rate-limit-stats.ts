import type { RedisClient } from "@/lib/redis";
import { db } from "@/lib/db";
import { activeBanWhere } from "./bans";
import { allShardPrefixes, rateLimitKeys } from "./keys";

const MINUTE = 60_000;
// Redis's clock (which names the minutes) may run a little ahead of ours; a minute is only
// dropped from Redis once it is surely over everywhere.
const SETTLED_AFTER_MS = 2 * MINUTE;
const BANS_PER_BATCH = 1_000;

type MinuteStats = {
  tenants: Map<string, { allowed: number; denied: number; shadowDenied: number }>;
  violations: { tenantId: string; ip: string; reason: string; shadow: boolean; count: number }[];
};

const COUNTER_FIELDS = { a: "allowed", d: "denied", s: "shadowDenied" } as const;

/**
 * One minute's statistics from the shards that hold it; a tenant's counters are summed over them.
 * Fields are `<tenant>|a|d|s` counters and `v|<tenant>|<ip>|<reason>|<shadow>` denials (see
 * decision-script.ts); a tenant × address lives in one shard, so its denials appear once.
 */
function parseMinute(hashes: Record<string, string>[]): MinuteStats {
  const stats: MinuteStats = { tenants: new Map(), violations: [] };
  for (const [field, value] of hashes.flatMap((hash) => Object.entries(hash))) {
    const parts = field.split("|");
    if (parts[0] === "v") {
      stats.violations.push({
        tenantId: parts[1],
        ip: parts[2],
        reason: parts[3],
        shadow: parts[4] === "1",
        count: Number(value),
      });
      continue;
    }
    const counter = COUNTER_FIELDS[parts[1] as keyof typeof COUNTER_FIELDS];
    if (!counter) continue;
    const row = stats.tenants.get(parts[0]) ?? { allowed: 0, denied: 0, shadowDenied: 0 };
    row[counter] += Number(value);
    stats.tenants.set(parts[0], row);
  }
  return stats;
}

/**
 * Writes one minute's totals. Redis holds the running totals, so rows are set, not added to:
 * flushing a minute twice (a retry, or the current minute on every run) writes the same numbers.
 * Rows of tenants that no longer exist are skipped by the join.
 */
async function writeMinute(minute: Date, stats: MinuteStats): Promise<number> {
  const tenantIds = [...stats.tenants.keys()];
  const counters = [...stats.tenants.values()];
  const hour = new Date(Math.floor(minute.getTime() / 3_600_000) * 3_600_000);
  const v = stats.violations;
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO rate_limit_minutes (tenant_id, minute, allowed, denied, shadow_denied)
      SELECT r.tenant_id, ${minute}, r.allowed, r.denied, r.shadow_denied
      FROM unnest(${tenantIds}::text[], ${counters.map((c) => c.allowed)}::int[], ${counters.map((c) => c.denied)}::int[], ${counters.map((c) => c.shadowDenied)}::int[])
        AS r(tenant_id, allowed, denied, shadow_denied)
      JOIN tenants t ON t.id = r.tenant_id
      ON CONFLICT (tenant_id, minute) DO UPDATE SET allowed = EXCLUDED.allowed, denied = EXCLUDED.denied, shadow_denied = EXCLUDED.shadow_denied`,
    db.$executeRaw`
      INSERT INTO rate_limit_hours (tenant_id, hour, allowed, denied, shadow_denied)
      SELECT tenant_id, ${hour}, sum(allowed)::int, sum(denied)::int, sum(shadow_denied)::int
      FROM rate_limit_minutes
      WHERE tenant_id = ANY(${tenantIds}::text[]) AND minute >= ${hour} AND minute < ${new Date(hour.getTime() + 3_600_000)}
      GROUP BY tenant_id
      ON CONFLICT (tenant_id, hour) DO UPDATE SET allowed = EXCLUDED.allowed, denied = EXCLUDED.denied, shadow_denied = EXCLUDED.shadow_denied`,
    db.$executeRaw`
      INSERT INTO rate_limit_violations (tenant_id, ip, minute, reason, shadow, count)
      SELECT r.tenant_id, r.ip, ${minute}, r.reason::"DenialReason", r.shadow, r.count
      FROM unnest(${v.map((x) => x.tenantId)}::text[], ${v.map((x) => x.ip)}::text[], ${v.map((x) => x.reason)}::text[], ${v.map((x) => x.shadow)}::boolean[], ${v.map((x) => x.count)}::int[])
        AS r(tenant_id, ip, reason, shadow, count)
      JOIN tenants t ON t.id = r.tenant_id
      ON CONFLICT (tenant_id, ip, minute, reason, shadow) DO UPDATE SET count = EXCLUDED.count`,
  ]);
  return tenantIds.length + v.length;
}

/** Automatic bans the script issued in every shard, recorded once each. */
export async function recordNewBans(redis: RedisClient): Promise<number> {
  const counts = await Promise.all(allShardPrefixes().map((shard) => recordShardBans(redis, shard)));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** One shard's automatic bans (`tenant|ip|startedMs|expiresMs|violations`). */
async function recordShardBans(redis: RedisClient, shard: string): Promise<number> {
  let recorded = 0;
  for (;;) {
    // Taken off the list atomically, so two overlapping flushes never take (or drop) the same entries.
    const [[, taken]] = (await redis
      .multi()
      .lrange(rateLimitKeys.newBans(shard), 0, BANS_PER_BATCH - 1)
      .ltrim(rateLimitKeys.newBans(shard), BANS_PER_BATCH, -1)
      .exec()) as [[Error | null, string[]]];
    const entries = taken ?? [];
    if (entries.length === 0) return recorded;
    const bans = entries.map((entry) => {
      const [tenantId, ip, started, expires, violations] = entry.split("|");
      return {
        tenantId,
        ip,
        source: "auto" as const,
        reason: `${violations} violations`,
        startedAt: new Date(Number(started)),
        expiresAt: new Date(Number(expires)),
      };
    });
    try {
      const known = new Set(
        (
          await db.tenant.findMany({
            where: { id: { in: [...new Set(bans.map((b) => b.tenantId))] } },
            select: { id: true },
          })
        ).map((t) => t.id),
      );
      recorded += (
        await db.ipBan.createMany({ data: bans.filter((b) => known.has(b.tenantId)), skipDuplicates: true })
      ).count;
    } catch (error) {
      // Back for the next flush; recording twice is harmless (unique tenant, ip, start).
      await redis.rpush(rateLimitKeys.newBans(shard), ...entries);
      throw error;
    }
  }
}

/**
 * Manual bans are enforced from Redis. When Redis has lost its data (a restart without
 * persistence: the marker the flush leaves is gone), those still active in Postgres are written
 * back. Only then: re-applying on every run could resurrect a ban lifted in the meantime.
 */
async function reapplyManualBans(redis: RedisClient, now: number): Promise<number> {
  if ((await redis.set(rateLimitKeys.stateMarker(), "1", "NX")) !== "OK") return 0;
  const bans = await db.ipBan.findMany({
    where: { source: "manual", ...activeBanWhere(new Date(now)) },
    select: { tenantId: true, ip: true, expiresAt: true },
  });
  if (bans.length === 0) return 0;
  // One command each rather than a pipeline: on a cluster the bans live in different slots.
  const replies = await Promise.all(
    bans.map((ban) => {
      const key = rateLimitKeys.ban(ban.tenantId, ban.ip);
      return ban.expiresAt
        ? redis.set(key, ban.expiresAt.getTime(), "PX", ban.expiresAt.getTime() - now, "NX")
        : redis.set(key, 0, "NX");
    }),
  );
  return replies.filter((reply) => reply === "OK").length;
}

/**
 * Moves the decision statistics from Redis to Postgres (the worker runs it every minute): every
 * pending minute is written, settled minutes are then dropped from Redis, and automatic bans are
 * recorded, and manual bans Redis lost are restored. Safe to run twice, or beside another flush
 * and concurrent decisions.
 */
export async function flushRateLimitStats(
  redis: RedisClient,
  onProgress: (percent: number) => Promise<unknown> = async () => {},
  now = Date.now(),
) {
  // The minutes pending in any shard, each with the shards that hold it.
  const shards = allShardPrefixes();
  const pending = await Promise.all(
    shards.map((shard) => redis.smembers(rateLimitKeys.pendingMinutes(shard))),
  );
  const shardsByMinute = new Map<number, string[]>();
  pending.forEach((minutes, i) =>
    minutes.forEach((minute) =>
      shardsByMinute.set(Number(minute), [...(shardsByMinute.get(Number(minute)) ?? []), shards[i]]),
    ),
  );
  const minutes = [...shardsByMinute.keys()].sort((a, b) => a - b);
  let rows = 0;
  for (const [index, minute] of minutes.entries()) {
    const holding = shardsByMinute.get(minute)!;
    const hashes = await Promise.all(
      holding.map((shard) => redis.hgetall(rateLimitKeys.stats(shard, minute))),
    );
    rows += await writeMinute(new Date(minute * MINUTE), parseMinute(hashes));
    if ((minute + 1) * MINUTE + SETTLED_AFTER_MS <= now)
      await Promise.all(
        holding.map((shard) =>
          redis
            .multi()
            .del(rateLimitKeys.stats(shard, minute))
            .srem(rateLimitKeys.pendingMinutes(shard), minute)
            .exec(),
        ),
      );
    await onProgress(Math.round(((index + 1) / minutes.length) * 90));
  }
  const bans = await recordNewBans(redis);
  const reapplied = await reapplyManualBans(redis, now);
  await onProgress(100);
  return { minutes: minutes.length, rows, bans, reapplied };
}
