import { db } from "@/lib/db";
import { webRedis, whenReady } from "@/lib/redis";
import { logger } from "@/lib/logger";
import { TimeoutError, withTimeout } from "@/lib/with-timeout";

/** The probe is public, so it says what kind of failure it saw; the driver's words go to the log. */
export type DependencyCheck = { ok: boolean; latencyMs: number; error?: "timeout" | "unreachable" };
export type Readiness = { ready: boolean; checks: { postgres: DependencyCheck; redis: DependencyCheck } };

/** A readiness probe must answer fast even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 1_500;

async function timed(name: string, check: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    logger.warn({ dependency: name, err: (error as Error).message }, "readiness check failed");
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof TimeoutError ? "timeout" : "unreachable" };
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [postgres, redis] = await Promise.all([
    timed("postgres", () => db.$queryRaw`SELECT 1`),
    timed("redis", async () => (await whenReady(webRedis())).ping()),
  ]);
  return { ready: postgres.ok && redis.ok, checks: { postgres, redis } };
}
