import type { RedisClient } from "@/lib/redis";
import { db } from "@/lib/db";
import type { TenantStatus } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { whenReady } from "@/lib/redis";
import { compileIpRules, type IpRules } from "./ip-rules";
import { effectivePolicy, GLOBAL_POLICY_ID, type EffectivePolicy } from "./effective-policy";
import { rateLimitKeys } from "./keys";

/**
 * What a decision needs to know of a tenant. The status rides along so a suspended tenant is refused
 * without a Redis call, and a status change reaches every process the way a rule edit does.
 */
export type TenantRules = {
  tenantId: string;
  status: TenantStatus;
  policy: EffectivePolicy;
  ipRules: IpRules;
};

/** A tenant's status, policy and compiled lists, by slug; null when no tenant has that slug. */
export async function loadTenantRules(slug: string): Promise<TenantRules | null> {
  const [global, tenant] = await Promise.all([
    db.rateLimitPolicy.findUniqueOrThrow({ where: { id: GLOBAL_POLICY_ID } }),
    db.tenant.findUnique({
      where: { slug },
      select: {
        id: true,
        status: true,
        rateLimitPolicy: true,
        ipListEntries: { select: { cidr: true, list: true } },
      },
    }),
  ]);
  if (!tenant) return null;
  return {
    tenantId: tenant.id,
    status: tenant.status,
    policy: effectivePolicy(global, tenant.rateLimitPolicy),
    ipRules: compileIpRules(tenant.ipListEntries),
  };
}

type Options = {
  load?: (slug: string) => Promise<TenantRules | null>;
  /** Safety net if an invalidation message is lost; edits normally apply through pub/sub at once. */
  ttlMs?: number;
  /** Unknown slugs are remembered briefly so a stream of bad requests does not reach Postgres. */
  unknownTtlMs?: number;
};

export type RulesCache = {
  get(slug: string): Promise<TenantRules | null>;
  invalidate(tenantId: string | "*"): void;
};

/** Beyond this many cached slugs, forgotten slugs (unknown tenants) are dropped first, then everything. */
const MAX_ENTRIES = 10_000;
/** After a failed reload, the last known rules serve this long before Postgres is tried again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Rules kept in process. Concurrent misses for one slug share one load, but never a load that
 * started before an invalidation (it may have read the old rules), and such a load is not stored;
 * when Postgres fails, the last known rules keep serving.
 */
export function createRulesCache({
  load = loadTenantRules,
  ttlMs = 60_000,
  unknownTtlMs = 5_000,
}: Options = {}): RulesCache {
  const entries = new Map<string, { rules: TenantRules | null; expiresAt: number }>();
  const loading = new Map<string, { promise: Promise<TenantRules | null>; generation: number }>();
  let generation = 0;

  function store(slug: string, rules: TenantRules | null, forMs: number) {
    if (entries.size >= MAX_ENTRIES) {
      for (const [key, entry] of entries) if (!entry.rules) entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.clear();
    }
    entries.set(slug, { rules, expiresAt: Date.now() + forMs });
  }

  async function refresh(
    slug: string,
    stale: TenantRules | null | undefined,
    startedAt: number,
  ): Promise<TenantRules | null> {
    try {
      const rules = await load(slug);
      if (generation === startedAt) store(slug, rules, rules ? ttlMs : unknownTtlMs);
      return rules;
    } catch (error) {
      if (stale === undefined) throw error;
      logger.warn(
        { err: (error as Error).message },
        "rate-limit rules could not be reloaded; serving the last known rules",
      );
      if (generation === startedAt) store(slug, stale, RETRY_AFTER_FAILURE_MS);
      return stale;
    }
  }

  return {
    get(slug) {
      const entry = entries.get(slug);
      if (entry && entry.expiresAt > Date.now()) return Promise.resolve(entry.rules);
      const pending = loading.get(slug);
      if (pending && pending.generation === generation) return pending.promise;
      const started = { generation, promise: refresh(slug, entry?.rules, generation) };
      loading.set(slug, started);
      void started.promise
        .finally(() => loading.get(slug) === started && loading.delete(slug))
        .catch(() => {});
      return started.promise;
    },
    invalidate(tenantId) {
      generation++;
      if (tenantId === "*") return entries.clear();
      for (const [slug, entry] of entries)
        if (!entry.rules || entry.rules.tenantId === tenantId) entries.delete(slug);
    },
  };
}

/**
 * Applies every rule edit and status change to `cache` within a round trip, and drops everything
 * after a reconnect (messages may have been missed). Resolves once subscribed.
 */
export async function followRuleChanges(subscriber: RedisClient, cache: RulesCache): Promise<void> {
  const channel = rateLimitKeys.rulesChanged();
  subscriber.on(
    "message",
    (from: string, tenantId: string) => from === channel && cache.invalidate(tenantId),
  );
  subscriber.on("ready", () => cache.invalidate("*"));
  await subscriber.subscribe(channel);
}

/**
 * Tells every process's cache that a tenant's rules or status (or, with "*", the global policy) changed.
 * The change is already committed; if Redis is down, caches pick it up when their entries expire.
 */
export async function announceRulesChanged(redis: RedisClient, tenantId: string | "*"): Promise<void> {
  try {
    await (await whenReady(redis)).publish(rateLimitKeys.rulesChanged(), tenantId);
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      "rate-limit rule change not announced; caches refresh within a minute",
    );
  }
}
