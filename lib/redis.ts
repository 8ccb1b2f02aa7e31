import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * Web requests fail fast when Redis is down (no offline queue, one retry) so a page or a
 * readiness check answers instead of hanging; BullMQ workers need `maxRetriesPerRequest: null`
 * so their blocking commands survive a reconnect.
 */
export function createRedis(
  role: "web" | "worker",
  { url = env().REDIS_URL, ...overrides }: RedisOptions & { url?: string } = {},
): Redis {
  const options: RedisOptions =
    role === "web"
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false }
      : { maxRetriesPerRequest: null };
  const redis = new Redis(url, { ...options, ...overrides });
  // One log line per outage, not one per reconnect attempt.
  let reported = false;
  redis.on("error", (error) => {
    if (!reported) logger.warn({ role, err: error.message }, "redis connection error");
    reported = true;
  });
  redis.on("ready", () => (reported = false));
  return redis;
}

const holder = globalThis as unknown as { stewardRedis?: Redis };

/** The web process's shared connection. */
export function webRedis(): Redis {
  holder.stewardRedis ??= createRedis("web");
  return holder.stewardRedis;
}

/** Resolves once the connection is usable; with no offline queue, commands sent earlier fail at once. */
export async function whenReady(redis: Redis): Promise<Redis> {
  if (redis.status === "ready") return redis;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => (redis.off("error", onError), resolve());
    const onError = (error: Error) => (redis.off("ready", onReady), reject(error));
    redis.once("ready", onReady);
    redis.once("error", onError);
  });
  return redis;
}
