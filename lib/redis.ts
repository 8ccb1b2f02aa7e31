import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";

/**
 * Web requests fail fast when Redis is down (no offline queue, one retry) so a page or a
 * readiness check answers instead of hanging; BullMQ workers need `maxRetriesPerRequest: null`
 * so their blocking commands survive a reconnect.
 */
export function createRedis(role: "web" | "worker", overrides: RedisOptions = {}): Redis {
  const options: RedisOptions =
    role === "web"
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false }
      : { maxRetriesPerRequest: null };
  return new Redis(env().REDIS_URL, { ...options, ...overrides });
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
