import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";

const key = (...parts: string[]) => `${env().STEWARD_QUEUE_PREFIX}:webhooks:${parts.join(":")}`;

/** A hold lapses this long after its holder stops renewing it (a worker killed mid-delivery). */
const HOLD_MS = 10_000;
const RENEW_EVERY_MS = 3_000;

// Takes a slot when fewer than `limit` live holders exist; a holder's score is when its hold lapses.
const ACQUIRE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'XX', ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export type LaneHold = { release(): Promise<void> };

/**
 * Holds a lane (one endpoint × one tenant) so one runner at a time delivers it, in order, and one of
 * the endpoint's in-flight slots, so a slow endpoint occupies few of the worker's slots. The hold is
 * renewed while held and lapses within seconds of a crash. "held": the lane's holder delivers it;
 * "no-slot": the endpoint is at its limit, try again shortly.
 */
export async function holdLane(
  redis: Redis,
  endpointId: string,
  lane: string,
): Promise<LaneHold | "held" | "no-slot"> {
  const token = randomUUID();
  const laneKey = key("lane", endpointId, lane);
  const slotsKey = key("slots", endpointId);
  if ((await redis.set(laneKey, token, "PX", HOLD_MS, "NX")) !== "OK") return "held";
  const now = Date.now();
  const limit = env().WEBHOOK_ENDPOINT_CONCURRENCY;
  if ((await redis.eval(ACQUIRE_SLOT, 1, slotsKey, now, limit, now + HOLD_MS, token, HOLD_MS)) !== 1) {
    await redis.eval(RELEASE, 2, laneKey, slotsKey, token);
    return "no-slot";
  }
  const renewal = setInterval(() => {
    redis.eval(RENEW, 2, laneKey, slotsKey, token, HOLD_MS, Date.now() + HOLD_MS).catch(() => {});
  }, RENEW_EVERY_MS);
  return {
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 2, laneKey, slotsKey, token);
    },
  };
}
