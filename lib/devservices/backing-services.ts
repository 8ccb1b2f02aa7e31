import { join } from "node:path";
import { ensureDatabase } from "@/lib/migrations/run-migrations";
import { findFreePort } from "./free-port";
import { startPostgres, type RunningPostgres } from "./postgres";
import { startRedis, type RunningRedis } from "./redis";

export type BackingServices = {
  databaseUrl: string;
  redisUrl: string;
  started: string[];
  /** Stops what was started, both at once, each given `graceMs` before SIGKILL (defaults: Redis 10 s, PostgreSQL 15 s). */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Uses DATABASE_URL and REDIS_URL when given; otherwise starts an embedded PostgreSQL and a
 * local redis-server with their data under `dataDir`. `stop` stops only what it started.
 */
export async function startBackingServices(options: {
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  databaseName?: string;
  log?: (line: string) => void;
}): Promise<BackingServices> {
  const log = options.log ?? (() => {});
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  const stop = async (graceMs?: number) => {
    await Promise.all([redis?.stop(graceMs), postgres?.stop(graceMs)]);
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startPostgres({
        dataDir: join(options.dataDir, "postgres"),
        port: await findFreePort(),
      });
      databaseUrl = await ensureDatabase(postgres.url, options.databaseName ?? "steward");
      log(`PostgreSQL started on 127.0.0.1:${postgres.port} (data in ${join(options.dataDir, "postgres")})`);
    }
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      redis = await startRedis({ dataDir: join(options.dataDir, "redis"), port: await findFreePort() });
      redisUrl = redis.url;
      log(`Redis started on 127.0.0.1:${redis.port} (data in ${join(options.dataDir, "redis")})`);
    }
    return {
      databaseUrl,
      redisUrl,
      started: [postgres && "postgres", redis && "redis"].filter((s): s is string => Boolean(s)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
