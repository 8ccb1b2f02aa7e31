import { env } from "@/lib/env";

/**
 * How many shards rate-limit state is spread over. Every key of one tenant × address shares a
 * shard, and a shard's keys share one hash tag: on a Redis Cluster each decision's script touches a
 * single slot, and 64 slots spread a tenant's traffic over every master. The flush visits each shard.
 */
export const RATE_LIMIT_SHARDS = 64;

/** Where rate limiting keeps its state in Redis (no hash tag: keys that belong to no shard). */
export function rateLimitPrefix(): string {
  return `${env().STEWARD_QUEUE_PREFIX}:rl:`;
}

/** FNV-1a over "tenant|ip": cheap, and the same in every process. */
function shardOf(tenantId: string, ip: string): number {
  let hash = 0x811c9dc5;
  const text = `${tenantId}|${ip}`;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % RATE_LIMIT_SHARDS;
}

/** The hash-tagged prefix of one shard's keys; the decision script builds its key names from it. */
export function shardPrefix(shard: number): string {
  return `${rateLimitPrefix()}{${shard}}:`;
}

/** The shard prefix where a tenant × address keeps its windows, violations and ban. */
export const prefixFor = (tenantId: string, ip: string) => shardPrefix(shardOf(tenantId, ip));

/** Every shard's prefix, for the flush. */
export const allShardPrefixes = () => Array.from({ length: RATE_LIMIT_SHARDS }, (_, i) => shardPrefix(i));

/** Key names; the decision script builds the same ones from a shard prefix (see decision-script.ts). */
export const rateLimitKeys = {
  ban: (tenantId: string, ip: string) => `${prefixFor(tenantId, ip)}ban:${tenantId}:${ip}`,
  violations: (tenantId: string, ip: string) => `${prefixFor(tenantId, ip)}viol:${tenantId}:${ip}`,
  window: (tenantId: string, ip: string, window: "m" | "h" | "d", bucket: number) =>
    `${prefixFor(tenantId, ip)}w:${tenantId}:${ip}:${window}:${bucket}`,
  /** A shard's statistics of one minute, and the minutes it holds. */
  stats: (shard: string, minute: number) => `${shard}stats:${minute}`,
  pendingMinutes: (shard: string) => `${shard}pending`,
  newBans: (shard: string) => `${shard}new-bans`,
  /**
   * Set by the flush and never removed: its absence means Redis has lost its data. (Named anew with
   * the shards, so a Redis that only holds the unsharded keys gets its manual bans written back.)
   */
  stateMarker: () => `${rateLimitPrefix()}state-marker:sharded`,
  /** Pub/sub channel: a tenant id whose rules changed, or "*" for the global policy. */
  rulesChanged: () => `${rateLimitPrefix()}rules-changed`,
};
