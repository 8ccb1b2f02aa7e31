import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { webRedis, whenReady } from "@/lib/redis";
import { withTimeout } from "@/lib/with-timeout";
import { runDecisionScript } from "./decision-script";
import { rateLimitPrefix } from "./keys";
import type { OwnRateLimitsInput } from "./schemas";

/** The defaults before the owner sets anything (the table's column defaults). */
export const DEFAULT_OWN_LIMITS: OwnRateLimitsInput = { apiPerMinute: 600, signInPerMinute: 30 };

// A change in Settings reaches every web process within this long.
const CACHE_MS = 5_000;
const holder = globalThis as unknown as { stewardOwnLimits?: { value: OwnRateLimitsInput; at: number } };

/** The owner's limits, from a few seconds' cache. */
export async function readOwnLimits(now = Date.now()): Promise<OwnRateLimitsInput> {
  const cached = holder.stewardOwnLimits;
  if (cached && now - cached.at < CACHE_MS) return cached.value;
  const row = await db.ownRateLimits.findUnique({ where: { id: 1 } });
  const value = row
    ? { apiPerMinute: row.apiPerMinute, signInPerMinute: row.signInPerMinute }
    : DEFAULT_OWN_LIMITS;
  holder.stewardOwnLimits = { value, at: now };
  return value;
}

export function forgetOwnLimits(): void {
  holder.stewardOwnLimits = undefined;
}

export type OwnLimitKind = "api" | "sign_in";

/** An answer with the figures of the RateLimit-* headers (draft-ietf-httpapi-ratelimit-headers). */
export type OwnLimitAnswer = {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
  retryAfterSeconds: number | null;
};

/**
 * May `subject` (an API key id, or a client address for sign-in) make one more request this minute?
 * Counted by the rate-limit engine's script (a sliding minute in Redis), under its own names and out
 * of the tenants' statistics. When Redis does not answer in time the request passes (null): an
 * outage must not lock the owner out of Steward; sign-in keeps its PostgreSQL throttle regardless.
 */
export async function checkOwnLimit(kind: OwnLimitKind, subject: string): Promise<OwnLimitAnswer | null> {
  const limits = await readOwnLimits();
  const perMinute = kind === "api" ? limits.apiPerMinute : limits.signInPerMinute;
  try {
    const counted = whenReady(webRedis()).then((redis) =>
      runDecisionScript(redis, {
        // Hash-tagged per subject, so on a Redis Cluster the script's keys share one slot.
        prefix: `${rateLimitPrefix()}own:{${kind}|${subject}}:`,
        tenantId: kind,
        ip: subject,
        cost: 1,
        mode: "check",
        shadow: false,
        limits: { perMinute, perHour: null, perDay: null },
        autoBan: null,
        stats: false,
      }),
    );
    counted.catch(() => {}); // a late failure after the deadline is not an unhandled rejection
    const result = await withTimeout(counted, env().RATE_LIMIT_REDIS_TIMEOUT_MS);
    return {
      allowed: result.allowed,
      limit: perMinute,
      remaining: result.window?.remaining ?? 0,
      resetSeconds: Math.ceil((result.window?.resetMs ?? 60_000) / 1000),
      retryAfterSeconds: result.allowed
        ? null
        : Math.max(1, Math.ceil((result.retryAfterMs ?? 60_000) / 1000)),
    };
  } catch (error) {
    logger.warn({ err: (error as Error).message, kind }, "own rate limit not checked; request let through");
    return null;
  }
}

/** RateLimit-* headers of an answer, and Retry-After on a refusal. */
export function ownLimitHeaders(answer: OwnLimitAnswer | null): Record<string, string> {
  if (!answer) return {};
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(answer.limit),
    "RateLimit-Remaining": String(answer.remaining),
    "RateLimit-Reset": String(answer.resetSeconds),
    "RateLimit-Policy": `${answer.limit};w=60`,
  };
  if (answer.retryAfterSeconds !== null) headers["Retry-After"] = String(answer.retryAfterSeconds);
  return headers;
}
