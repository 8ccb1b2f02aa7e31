import type { RedisClient } from "@/lib/redis";
import { env } from "@/lib/env";

/** Upper bounds (ms) of the latency buckets kept for /api/metrics. */
export const LATENCY_BUCKETS_MS = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

export const deliveryStatsKey = () => `${env().STEWARD_QUEUE_PREFIX}:webhooks:stats`;

/**
 * Counts attempts by outcome and latency bucket in a Redis hash, as running totals: the worker sends,
 * the web app's /api/metrics reads them (a process of its own without an endpoint).
 */
export async function countAttempts(
  redis: RedisClient,
  attempts: { delivered: boolean; latencyMs: number }[],
): Promise<void> {
  if (attempts.length === 0) return;
  const pipeline = redis.pipeline();
  for (const attempt of attempts) {
    pipeline.hincrby(deliveryStatsKey(), attempt.delivered ? "delivered" : "failed", 1);
    pipeline.hincrby(deliveryStatsKey(), "latency_ms_sum", attempt.latencyMs);
    for (const bound of LATENCY_BUCKETS_MS)
      if (attempt.latencyMs <= bound) pipeline.hincrby(deliveryStatsKey(), `le_${bound}`, 1);
  }
  await pipeline.exec();
}
