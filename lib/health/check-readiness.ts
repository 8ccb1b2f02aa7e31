import { db } from "@/lib/db";
import { webRedis, whenReady } from "@/lib/redis";

export type DependencyCheck = { ok: boolean; latencyMs: number; error?: string };
export type Readiness = { ready: boolean; checks: { postgres: DependencyCheck; redis: DependencyCheck } };

/** A readiness probe must answer fast even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 1_500;

async function timed(check: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message || "unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [postgres, redis] = await Promise.all([timed(() => db.$queryRaw`SELECT 1`), timed(async () => (await whenReady(webRedis())).ping())]);
  return { ready: postgres.ok && redis.ok, checks: { postgres, redis } };
}
