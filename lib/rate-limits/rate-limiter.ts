import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createRedis, webRedis } from "@/lib/redis";
import { parseInput } from "@/lib/validation";
import { withTimeout } from "@/lib/with-timeout";
import { runDecisionScript, type DenialReason } from "./decision-script";
import { rateLimitPrefix } from "./keys";
import { createRulesCache, followRuleChanges, type RulesCache } from "./rules-cache";
import { rateLimitCheckSchema } from "./schemas";

export type RateLimitDecision = {
  allowed: boolean;
  /** Why it was denied; "unavailable" when Redis could not answer and the failure mode is closed. */
  reason: DenialReason | "unavailable" | null;
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
   * (default 1)? Input is validated here (callers pass what they received). Throws a 400 AppError for
   * bad input and a 404 for an unknown tenant; never throws for an outage (see `failureMode`).
   * `now` (ms) replaces Redis's clock, for tests.
   */
  check(input: unknown, options?: { now?: number }): Promise<RateLimitDecision>;
};

export type RateLimiterOptions = {
  redis: Redis;
  rules: RulesCache;
  failureMode: "open" | "closed";
  timeoutMs: number;
};

const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.ceil(ms / 1000));

/** The rate-limit decision over a given Redis connection and rules cache; processes use `rateLimiter()`. */
export function createRateLimiter({ redis, rules, failureMode, timeoutMs }: RateLimiterOptions): RateLimiter {
  const unavailable = (error: unknown): RateLimitDecision => {
    logger.warn(
      { err: (error as Error).message, failureMode },
      "rate-limit check could not reach its state; failure mode applied",
    );
    const open = failureMode === "open";
    return {
      allowed: open,
      reason: open ? null : "unavailable",
      shadowReason: null,
      limit: null,
      remaining: null,
      resetSeconds: null,
      retryAfterSeconds: open ? null : 1,
      degraded: true,
    };
  };

  return {
    async check(raw, options = {}) {
      const input = parseInput(rateLimitCheckSchema, raw);
      let tenant;
      try {
        tenant = await rules.get(input.tenant);
      } catch (error) {
        return unavailable(error);
      }
      if (!tenant)
        throw new AppError("NOT_FOUND", `No tenant has the slug '${input.tenant}'.`, {
          tenant: ["Unknown tenant"],
        });
      const { policy } = tenant;
      const listed = policy.enabled ? tenant.ipRules.match(input.ip.parsed) : "allow";
      try {
        const result = await withTimeout(
          runDecisionScript(redis, {
            prefix: rateLimitPrefix(),
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

const holder = globalThis as unknown as { stewardRateLimiter?: RateLimiter };

/** This process's limiter: the shared web connection, and a subscriber that keeps its rules fresh. */
export function rateLimiter(): RateLimiter {
  if (!holder.stewardRateLimiter) {
    const rules = createRulesCache();
    // Subscribers need the worker connection's settings: an offline queue holds SUBSCRIBE until
    // connected, and ioredis re-subscribes after a reconnect.
    followRuleChanges(createRedis("worker"), rules).catch((error) =>
      logger.warn({ err: (error as Error).message }, "rate-limit rule changes are not followed"),
    );
    holder.stewardRateLimiter = createRateLimiter({
      redis: webRedis(),
      rules,
      failureMode: env().RATE_LIMIT_FAILURE_MODE,
      timeoutMs: env().RATE_LIMIT_REDIS_TIMEOUT_MS,
    });
  }
  return holder.stewardRateLimiter;
}

/** The decision in process, with the same semantics as POST /api/v1/ratelimit/check. */
export function checkRateLimit(input: {
  tenant: string;
  ip: string;
  cost?: number;
}): Promise<RateLimitDecision> {
  return rateLimiter().check(input);
}
