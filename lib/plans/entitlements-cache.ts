import { env } from "@/lib/env";
import { webRedis, whenReady } from "@/lib/redis";
import { withTimeout } from "@/lib/with-timeout";

/** Entitlements change rarely and every change deletes the entry; the TTL only bounds a lost delete. */
const TTL_SECONDS = 60;

const key = (tenantId: string) => `${env().STEWARD_QUEUE_PREFIX}:entitlements:${tenantId}`;

async function redis() {
  return withTimeout(whenReady(webRedis()), env().REDIS_COMMAND_TIMEOUT_MS);
}

/** The cached JSON for a tenant, or null when absent or Redis does not answer (the caller reads Postgres). */
export async function cachedEntitlements(tenantId: string): Promise<string | null> {
  try {
    return await (await redis()).get(key(tenantId));
  } catch {
    return null;
  }
}

/** Keeps a tenant's entitlements for at most `ttlSeconds` (an override ending sooner shortens it). */
export async function cacheEntitlements(
  tenantId: string,
  json: string,
  ttlSeconds = TTL_SECONDS,
): Promise<void> {
  try {
    await (await redis()).set(key(tenantId), json, "EX", Math.max(1, Math.min(TTL_SECONDS, ttlSeconds)));
  } catch {
    // Not cached: the next read goes to Postgres again.
  }
}

/**
 * Drops tenants' cached entitlements after a change. Quiet when Redis does not answer (its outage
 * is logged once elsewhere); entries then expire within a minute.
 */
export async function forgetEntitlements(tenantIds: string[]): Promise<void> {
  if (tenantIds.length === 0) return;
  try {
    const client = await redis();
    for (let i = 0; i < tenantIds.length; i += 1000)
      await client.del(...tenantIds.slice(i, i + 1000).map(key));
  } catch {
    // Expires within TTL_SECONDS.
  }
}

/** After the forget, a read that began before the change committed may cache the old state again; forget once more. */
const AGAIN_AFTER_MS = 1_000;

/**
 * For a change inside a transaction, without waiting on Redis there (a stalled Redis must not hold
 * the transaction open): forgets now, and again a second later, after the commit.
 */
export function forgetEntitlementsSoon(tenantIds: string[]): void {
  void forgetEntitlements(tenantIds);
  setTimeout(() => void forgetEntitlements(tenantIds), AGAIN_AFTER_MS).unref();
}
