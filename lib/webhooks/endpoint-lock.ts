import { randomUUID } from "node:crypto";
import type { RedisClient } from "@/lib/redis";
import { env } from "@/lib/env";

/** A hold lapses this long after its holder stops renewing it (a worker killed mid-delivery). */
const HOLD_MS = 10_000;
const RENEW_EVERY_MS = 3_000;

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export type EndpointHold = {
  /** True once a renewal found the hold gone (Redis stalled past it): stop sending, another runner may hold it. */
  lost(): boolean;
  release(): Promise<void>;
};

/**
 * Holds an endpoint so one runner at a time delivers to it (and so each of its lanes in order). The
 * hold is renewed while held and lapses within seconds of a crash. Null when another runner holds it.
 */
export async function holdEndpoint(redis: RedisClient, endpointId: string): Promise<EndpointHold | null> {
  const key = `${env().STEWARD_QUEUE_PREFIX}:webhooks:endpoint:${endpointId}`;
  const token = randomUUID();
  if ((await redis.set(key, token, "PX", HOLD_MS, "NX")) !== "OK") return null;
  let lost = false;
  const renewal = setInterval(() => {
    redis.eval(RENEW, 1, key, token, HOLD_MS).then(
      (renewed) => (lost ||= renewed !== 1),
      () => (lost = true),
    );
  }, RENEW_EVERY_MS);
  return {
    lost: () => lost,
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
