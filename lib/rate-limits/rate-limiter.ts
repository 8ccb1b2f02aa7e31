import type { RedisClient } from "@/lib/redis";
import { env } from "@/lib/env";
import type { TenantStatus } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { createRedis } from "@/lib/redis";
import { parseInput } from "@/lib/validation";
import { withTimeout } from "@/lib/with-timeout";
import { runDecisionScript, type DenialReason } from "./decision-script";
import { prefixFor } from "./keys";
import { createRulesCache, followRuleChanges, type RulesCache } from "./rules-cache";
import { rateLimitCheckSchema } from "./schemas";

/**
 * Why a decision refused: the script's (limit, denylist, banned), a refused tenant status
 * (suspended, cancelled, or whatever GATEWAY_DENIED_STATUSES lists), a slug no tenant has, or
 * "unavailable" when Redis could not answer and the failure mode is closed.
 */
export type DecisionReason = DenialReason | TenantStatus | "unknown_tenant" | "unavailable";

export type RateLimitDecision = {
  allowed: boolean;
  reason: DecisionReason | null;
  /** In shadow mode: what would have denied this request. */
  shadowReason: DenialReason | null;
  /** The tightest window's limit and what is left of it after this request (null: no window applies). */
  limit: number | null;
  remaining: number | null;
  /** Seconds until the tightest window's current bucket ends. */
  resetSeconds: number | null;
  /** Seconds to wait before a retry can pass; null when waiting will not help. */
  retryAfterSeconds: number | null;
  /** Redis could not answer in time; the failure mode decided. */
  degraded: boolean;
};

export type RateLimiter = {
  /**
   * May `{ tenant, ip, cost? }` pass: may `ip` call `tenant` (its slug) now, spending `cost`
   * (default 1)? Input is validated here (callers pass what they received): a 400 AppError for bad
   * input. A tenant whose status is refused, or a slug nobody has (unless unknown tenants are
   * allowed), is denied from the cached rules without asking RedisClient; anything else costs one script
   * run. Never throws for an outage (see `failureMode`). `now` (ms) replaces Redis's clock, for tests.
   */
  check(input: unknown, options?: { now?: number }): Promise<RateLimitDecision>;
  /** The failure mode's answer when something a decision depends on failed; logs the error's message. */
  unavailable(error: unknown): RateLimitDecision;
};

export type RateLimiterOptions = {
  redis: RedisClient;
  rules: RulesCache;
  failureMode: "open" | "closed";
  timeoutMs: number;
  /** Tenant statuses refused outright; default GATEWAY_DENIED_STATUSES (suspended, cancelled). */
  deniedStatuses?: readonly TenantStatus[];
  /** A slug no tenant has: refused, or let through uncounted; default GATEWAY_UNKNOWN_TENANT (deny). */
  unknownTenant?: "deny" | "allow";
};

const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.ceil(ms / 1000));

/** A decision made without a window (status, unknown tenant, outage): no RateLimit-* figures. */
function withoutWindow(
  allowed: boolean,
  reason: DecisionReason | null,
  { retryAfterSeconds = null as number | null, degraded = false } = {},
): RateLimitDecision {
  return {
    allowed,
    reason,
    shadowReason: null,
    limit: null,
    remaining: null,
    resetSeconds: null,
    retryAfterSeconds,
    degraded,
  };
}

/** The rate-limit decision over a given Redis connection and rules cache; processes use `rateLimiter()`. */
export function createRateLimiter({
  redis,
  rules,
  failureMode,
  timeoutMs,
  deniedStatuses = env().GATEWAY_DENIED_STATUSES,
  unknownTenant = env().GATEWAY_UNKNOWN_TENANT,
}: RateLimiterOptions): RateLimiter {
  const refused = new Set<TenantStatus>(deniedStatuses);
  // A flood while Redis is slow would write a line per decision, slowing the decisions further:
  // one line a second at most, counting the decisions it stands for.
  let lastLoggedAt = 0;
  let unlogged = 0;
  const unavailable = (error: unknown): RateLimitDecision => {
    unlogged++;
    if (Date.now() - lastLoggedAt >= 1_000) {
      logger.warn(
        { err: (error as Error)?.message, failureMode, decisions: unlogged },
        "rate-limit check could not reach its state; failure mode applied",
      );
      lastLoggedAt = Date.now();
      unlogged = 0;
    }
    return failureMode === "open"
      ? withoutWindow(true, null, { degraded: true })
      : withoutWindow(false, "unavailable", { retryAfterSeconds: 1, degraded: true });
  };

  return {
    unavailable,
    async check(raw, options = {}) {
      const input = parseInput(rateLimitCheckSchema, raw);
      let tenant;
      try {
        tenant = await rules.get(input.tenant);
      } catch (error) {
        return unavailable(error);
      }
      // Unknown slugs and refused statuses are answered from the cache alone: no Redis call, so
      // they are not in the statistics either.
      if (!tenant)
        return unknownTenant === "allow" ? withoutWindow(true, null) : withoutWindow(false, "unknown_tenant");
      // Before the policy: a suspended tenant is refused even where rate limiting is off or in shadow mode.
      if (refused.has(tenant.status)) return withoutWindow(false, tenant.status);
      const { policy } = tenant;
      const listed = policy.enabled ? tenant.ipRules.match(input.ip.parsed) : "allow";
      try {
        const result = await withTimeout(
          runDecisionScript(redis, {
            prefix: prefixFor(tenant.tenantId, input.ip.canonical),
            tenantId: tenant.tenantId,
            ip: input.ip.canonical,
            cost: input.cost,
            mode: listed ?? "check",
            shadow: policy.shadow,
            limits: policy.limits,
            autoBan: policy.autoBan && {
              afterViolations: policy.autoBan.afterViolations,
              windowMs: policy.autoBan.windowSeconds * 1000,
              durationMs: policy.autoBan.durationSeconds * 1000,
            },
            now: options.now,
          }),
          timeoutMs,
        );
        return {
          allowed: result.allowed,
          reason: result.reason,
          shadowReason: result.shadowReason,
          limit: result.window?.limit ?? null,
          remaining: result.window?.remaining ?? null,
          resetSeconds: seconds(result.window?.resetMs),
          retryAfterSeconds: result.allowed ? null : seconds(result.retryAfterMs),
          degraded: false,
        };
      } catch (error) {
        return unavailable(error);
      }
    },
  };
}

const holder = globalThis as unknown as {
  stewardRateLimiter?: RateLimiter;
  stewardRulesFollowed?: Promise<void>;
};

/** This process's limiter: the shared web connection, and a subscriber that keeps its rules fresh. */
export function rateLimiter(): RateLimiter {
  if (!holder.stewardRateLimiter) {
    const rules = createRulesCache();
    // Subscribers need the worker connection's settings: an offline queue holds SUBSCRIBE until
    // connected, and ioredis re-subscribes after a reconnect.
    holder.stewardRulesFollowed = followRuleChanges(createRedis("worker"), rules).catch((error) =>
      logger.warn({ err: (error as Error).message }, "rate-limit rule changes are not followed"),
    );
    holder.stewardRateLimiter = createRateLimiter({
      // A connection of its own with auto-pipelining: the decisions arriving in one event-loop turn
      // go to Redis in one write instead of one syscall each (the largest cost in a profile of the
      // decision server), and page reads never queue behind a flood of checks.
      redis: createRedis("web", { enableAutoPipelining: true }),
      rules,
      failureMode: env().RATE_LIMIT_FAILURE_MODE,
      timeoutMs: env().RATE_LIMIT_REDIS_TIMEOUT_MS,
    });
  }
  return holder.stewardRateLimiter;
}

/**
 * Resolves once this process's limiter is subscribed to rule and status changes (or gave up), so a
 * server can wait for it before taking traffic and miss no change made after it started.
 */
export function rulesFollowed(): Promise<void> {
  rateLimiter();
  return holder.stewardRulesFollowed!;
}

/**
 * The decision in process, with the same semantics as POST /api/v1/ratelimit/check: a decision
 * for every tenant (unknown and suspended ones are denied with their reason), a 400 AppError for
 * bad input.
 */
export function checkRateLimit(input: {
  tenant: string;
  ip: string;
  cost?: number;
}): Promise<RateLimitDecision> {
  return rateLimiter().check(input);
}
