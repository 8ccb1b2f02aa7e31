import { Cluster, Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { TimeoutError, withTimeout } from "@/lib/with-timeout";

/** What pages and 503 answers say while Redis cannot answer. */
export const REDIS_NOT_ANSWERING = "Redis is not answering; try again in a few seconds.";

/** A connection to one Redis, or to a Redis Cluster when REDIS_CLUSTER_NODES is set. */
export type RedisClient = Redis | Cluster;

type ConnectOptions = RedisOptions & {
  url?: string;
  /** Seed nodes of a Redis Cluster (default REDIS_CLUSTER_NODES); null for the one Redis at `url`. */
  cluster?: { host: string; port: number }[] | null;
  /** Batch the commands of one event-loop turn into one write (see the rate limiter). */
  enableAutoPipelining?: boolean;
};

/**
 * The one place that decides the connection kind: a Redis Cluster when REDIS_CLUSTER_NODES is set
 * (or `cluster` names seed nodes), else the one Redis at REDIS_URL.
 * Web requests fail fast when Redis is down (no offline queue, one retry) or frozen (every command
 * has a deadline, REDIS_COMMAND_TIMEOUT_MS), so a page or a readiness check answers instead of
 * hanging; BullMQ workers need `maxRetriesPerRequest: null` and no deadline, so their blocking
 * commands survive a reconnect.
 */
export function createRedis(
  role: "web" | "worker",
  {
    url = env().REDIS_URL,
    cluster = env().REDIS_CLUSTER_NODES,
    enableAutoPipelining = false,
    ...overrides
  }: ConnectOptions = {},
): RedisClient {
  const options: RedisOptions =
    role === "web"
      ? {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
          commandTimeout: env().REDIS_COMMAND_TIMEOUT_MS,
          lazyConnect: false,
        }
      : { maxRetriesPerRequest: null };
  const redis: RedisClient = cluster
    ? new Cluster(cluster, {
        redisOptions: { ...options, ...overrides },
        enableAutoPipelining,
        // The cluster's own queue holds commands while it learns the slots; web requests must not wait.
        enableOfflineQueue: role === "worker",
      })
    : new Redis(url, { ...options, ...overrides, enableAutoPipelining });
  redis.on("error", (error) => reportRedisTrouble(error, { role }));
  redis.on("ready", reportRedisBack);
  return redis;
}

/**
 * BullMQ's key prefix. On a cluster it is hash-tagged, so each queue's keys share one slot (its
 * Lua scripts touch several at once); on one Redis it stays as it was, so queued jobs carry over.
 */
export function queuePrefix(): string {
  const prefix = env().STEWARD_QUEUE_PREFIX;
  return env().REDIS_CLUSTER_NODES ? `{${prefix}}` : prefix;
}

// One warning per outage for the whole process (every connection and worker reports here), and one
// line when Redis answers again: a reconnect loop must not log thousands of lines.
let outageSince: number | null = null;

/** Notes that Redis could not be reached; logs only the first report of an outage. */
export function reportRedisTrouble(error: Error, context: Record<string, unknown> = {}): void {
  if (outageSince !== null) return;
  outageSince = Date.now();
  logger.warn({ ...context, err: error.message }, "Redis is not answering; retrying with backoff");
}

/** Notes that Redis answers; ends the outage the first report opened, if any. */
export function reportRedisBack(): void {
  if (outageSince === null) return;
  logger.info({ outageMs: Date.now() - outageSince }, "Redis answers again");
  outageSince = null;
}

/**
 * An `error` listener for BullMQ queues and workers: Redis being unreachable is reported once per
 * outage, anything else logged as `what`. (A BullMQ object without one prints every reconnect
 * failure, with its stack, to stderr.)
 */
export function onRedisError(what: string, context: Record<string, unknown> = {}) {
  return (error: Error): void => {
    if (isRedisUnavailable(error)) reportRedisTrouble(error, context);
    else logger.error({ ...context, err: error.message }, what);
  };
}

/** Whether an error means Redis is down, frozen or unreachable, rather than a bug or bad data. */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  const { message = "", code = "" } = (error ?? {}) as { message?: string; code?: string };
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"].includes(code) ||
    /Command timed out|Connection is closed|Stream isn't writeable|max retries per request|ECONNREFUSED|connect ETIMEDOUT/i.test(
      message,
    )
  );
}

/**
 * The work's result within REDIS_COMMAND_TIMEOUT_MS, or a 503 AppError saying Redis is not
 * answering: for reads a page cannot do without (several commands share the one deadline).
 */
export async function withRedisDeadline<T>(work: Promise<T>): Promise<T> {
  try {
    return await withTimeout(work, env().REDIS_COMMAND_TIMEOUT_MS);
  } catch (error) {
    if (isRedisUnavailable(error)) throw new AppError("UNAVAILABLE", REDIS_NOT_ANSWERING);
    throw error;
  } finally {
    // A late rejection of the abandoned work must not become an unhandled one.
    work.catch(() => {});
  }
}

/** For a page's `.catch`: null when Redis did not answer (show RedisNotAnswering), else rethrows. */
export function nullWhenRedisDown(error: unknown): null {
  if (isAppError(error) && error.code === "UNAVAILABLE" && error.message === REDIS_NOT_ANSWERING) return null;
  throw error;
}

const holder = globalThis as unknown as { stewardRedis?: RedisClient };

/** The web process's shared connection. */
export function webRedis(): RedisClient {
  holder.stewardRedis ??= createRedis("web");
  return holder.stewardRedis;
}

/** Resolves once the connection is usable; with no offline queue, commands sent earlier fail at once. */
export async function whenReady<T extends RedisClient>(redis: T): Promise<T> {
  if (redis.status === "ready") return redis;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => (redis.off("error", onError), resolve());
    const onError = (error: Error) => (redis.off("ready", onReady), reject(error));
    redis.once("ready", onReady);
    redis.once("error", onError);
  });
  return redis;
}
