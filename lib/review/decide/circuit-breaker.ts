import { env } from "@/lib/env";
import { webRedis, whenReady } from "@/lib/redis";

/**
 * The AI circuit breaker, shared by every worker process through one Redis hash:
 * `failures` (consecutive AI failures), `openUntil` (ms; set once the circuit has opened) and
 * `trialUntil` (ms; the half-open trial call's lease). Closed: every call goes to the AI. Open: rules
 * decide until `openUntil`. Half-open (after `openUntil`): one trial call goes through; its success
 * closes the circuit (the hash is deleted), its failure opens it for another cool-down. Any success
 * closes it, also one from a call that set out before the circuit opened: the AI is answering again.
 * Times come from the caller's clock, so a sweep and its tests agree on what "now" is.
 */
function breakerKey(): string {
  return `${env().STEWARD_QUEUE_PREFIX}:review:ai-breaker`;
}

/** A trial whose worker died never reports back; after this long another call may try. */
function trialLeaseMs(): number {
  // Two AI calls (an invalid answer is asked again) at their timeout, and some slack.
  return 2 * env().REVIEW_AI_TIMEOUT_MS + 5_000;
}

// Returns {admitted, trial, failures, openUntil}. Closed → admitted; open → not; half-open → the
// first caller takes the trial lease and is admitted, the others are not while the lease lasts.
const ADMIT = `
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if openUntil == 0 then return {1, 0, failures, 0} end
local now = tonumber(ARGV[1])
if now < openUntil then return {0, 0, failures, openUntil} end
local trialUntil = tonumber(redis.call('HGET', KEYS[1], 'trialUntil') or '0')
if now < trialUntil then return {0, 1, failures, openUntil} end
redis.call('HSET', KEYS[1], 'trialUntil', now + tonumber(ARGV[2]))
return {1, 1, failures, openUntil}
`;

// Counts a failure; at the threshold (and so also after a failed trial) the circuit opens for a cool-down.
const FAIL = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'openUntil', tonumber(ARGV[1]) + tonumber(ARGV[3]))
  redis.call('HDEL', KEYS[1], 'trialUntil')
end
return failures
`;

export type AiAdmission =
  | { admitted: true; trial: boolean }
  | { admitted: false; consecutiveFailures: number; until: Date; trialInFlight: boolean };

/** Whether an AI call may go out now: always while closed, never while open, once when half-open. */
export async function admitAiCall(now: Date): Promise<AiAdmission> {
  const redis = await whenReady(webRedis());
  const [admitted, trial, failures, openUntil] = (await redis.eval(
    ADMIT,
    1,
    breakerKey(),
    now.getTime(),
    trialLeaseMs(),
  )) as number[];
  if (admitted === 1) return { admitted: true, trial: trial === 1 };
  return {
    admitted: false,
    consecutiveFailures: failures,
    until: new Date(openUntil),
    trialInFlight: trial === 1,
  };
}

/** An AI call answered usefully: the circuit closes and the count starts again. */
export async function recordAiSuccess(): Promise<void> {
  await (await whenReady(webRedis())).del(breakerKey());
}

/** An AI call failed (error, timeout or invalid answers); returns the consecutive failures so far. */
export async function recordAiFailure(now: Date): Promise<number> {
  const redis = await whenReady(webRedis());
  return (await redis.eval(
    FAIL,
    1,
    breakerKey(),
    now.getTime(),
    env().REVIEW_AI_BREAKER_FAILURES,
    env().REVIEW_AI_BREAKER_COOLDOWN_SECONDS * 1_000,
  )) as number;
}

/**
 * The breaker as the settings page shows it: `open` while rules decide alone (until `until`); after
 * the cool-down it reads closed, the next call being the trial. Throws when Redis cannot be reached.
 */
export async function aiBreakerState(
  now = new Date(),
): Promise<{ open: boolean; until: Date | null; consecutiveFailures: number }> {
  const redis = await whenReady(webRedis());
  const [failures, openUntil] = await redis.hmget(breakerKey(), "failures", "openUntil");
  const until = openUntil ? new Date(Number(openUntil)) : null;
  const open = until !== null && now < until;
  return { open, until: open ? until : null, consecutiveFailures: Number(failures ?? 0) };
}

/** Closes the circuit at once (the AI is known to be back), e.g. before a test or after fixing the key. */
export async function resetAiBreaker(): Promise<void> {
  await recordAiSuccess();
}
