import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { webRedis, whenReady } from "@/lib/redis";
import { logger } from "@/lib/logger";
import { TimeoutError, withTimeout } from "@/lib/with-timeout";

/** The probe is public, so it says what kind of failure it saw; the driver's words go to the log. */
export type DependencyCheck = { ok: boolean; latencyMs: number; error?: "timeout" | "unreachable" };
/**
 * Postgres down: unavailable. Redis down: degraded, not unavailable: pages and rate-limit checks
 * still answer (checks by the failure mode), and taking every instance out of rotation would turn
 * a fail-open rate limiter into an outage for the gateways that ask it.
 */
export type Readiness = {
  status: "ready" | "degraded" | "unavailable";
  checks: { postgres: DependencyCheck; redis: DependencyCheck };
};

/** A readiness probe must answer fast even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 1_500;

async function timed(name: string, check: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    logger.warn({ dependency: name, err: (error as Error).message }, "readiness check failed");
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof TimeoutError ? "timeout" : "unreachable",
    };
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [postgres, redis] = await Promise.all([
    timed("postgres", () => db.$queryRaw`SELECT 1`),
    timed("redis", async () => (await whenReady(webRedis())).ping()),
  ]);
  const status = !postgres.ok ? "unavailable" : redis.ok ? "ready" : "degraded";
  // The probe is public: whether limits are being enforced goes to the log, not to whoever asks.
  if (!redis.ok)
    logger.warn(
      { failureMode: env().RATE_LIMIT_FAILURE_MODE },
      "Redis is down: rate-limit checks follow their failure mode",
    );
  return { status, checks: { postgres, redis } };
}
