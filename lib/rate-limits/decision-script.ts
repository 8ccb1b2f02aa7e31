import type { RedisClient } from "@/lib/redis";

/**
 * The whole decision in one atomic Lua script, so it costs exactly one Redis round trip and
 * stays correct with any number of web processes deciding at once.
 *
 * Algorithm: a sliding window counter per window (minute, hour, day). Each window keeps a
 * counter for the current fixed bucket and the previous one; the estimate is
 *   previous × (share of the previous bucket still inside the sliding window) + current,
 * and a request passes when estimate + cost ≤ limit in every window. Denied requests consume
 * nothing. Accuracy at a bucket edge: the estimate assumes the previous bucket's requests were
 * spread evenly. With even traffic it is exact; a client that spent its whole allowance in the last
 * instant of a bucket is under-counted as that instant slides out, so the true count over a
 * sliding window stays below 2× the limit in the worst case (and never exceeds the limit within
 * one bucket). The per-minute window bounds such bursts inside the hour and day windows.
 *
 * Time comes from Redis (`TIME`), so web processes with skewed clocks agree; tests may pass a
 * clock instead. Ban expiry is stored as an absolute time in the ban key (its TTL only cleans up).
 *
 * Statistics ride along: per-minute allowed/denied/shadow counters per tenant and denials per
 * IP go into one hash per minute (`stats:<minute>`), whose minute is remembered in `pending`
 * for the worker's flush; automatic bans are appended to `new-bans` for the flush to record.
 *
 * Every key it touches starts with KEYS[1], the tenant × address's hash-tagged shard prefix
 * (keys.ts), so on a Redis Cluster the script runs on the one node that holds that slot.
 */
export const DECISION_SCRIPT = `
local p, tenant, ip = KEYS[1], ARGV[1], ARGV[2]
local cost, mode, shadow = tonumber(ARGV[3]), ARGV[4], ARGV[5] == '1'
local banAfter, banWindow, banFor = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local now = tonumber(ARGV[12])
local keepStats = ARGV[13] ~= '0'
if now == 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local minute = math.floor(now / 60000)
local stats = p .. 'stats:' .. minute

-- The first count of a field in a minute registers the minute for the flush and bounds the hash's life.
local function count(field)
  if not keepStats then return end
  if redis.call('HINCRBY', stats, field, 1) == 1 then
    redis.call('SADD', p .. 'pending', minute)
    redis.call('EXPIRE', stats, 172800)
  end
end

local function deny(reason, retry)
  -- reason codes: 1 limit, 2 denylist, 3 banned
  local names = { 'limit', 'denylist', 'banned' }
  local field = 'v|' .. tenant .. '|' .. ip .. '|' .. names[reason] .. '|' .. (shadow and '1' or '0')
  count(field)
  if shadow then
    count(tenant .. '|s')
    return { 1, 0, reason, retry }
  end
  count(tenant .. '|d')
  return { 0, reason, 0, retry }
end

if mode == 'allow' then
  count(tenant .. '|a')
  return { 1, 0, 0, -1 }
end
if mode == 'deny' then return deny(2, -1) end

local banKey = p .. 'ban:' .. tenant .. ':' .. ip

-- windows: size in ms and limit (0 = none) for minute, hour, day
local sizes = { 60000, 3600000, 86400000 }
local names = { 'm', 'h', 'd' }
local best = { -1, -1, -1 } -- limit, remaining, reset ms of the tightest passing window
local blocked = nil -- limit, reset ms and wait of the window that blocks longest (-1: waiting will not help)
local keys = {}
-- the ban and every window's current and previous bucket in one read
local windows, reads = {}, { banKey }
for i = 1, 3 do
  local limit = tonumber(ARGV[5 + i])
  if limit > 0 then
    local bucket = math.floor(now / sizes[i])
    local base = p .. 'w:' .. tenant .. ':' .. ip .. ':' .. names[i] .. ':'
    windows[#windows + 1] = { limit, sizes[i], bucket, base .. bucket }
    reads[#reads + 1] = base .. bucket
    reads[#reads + 1] = base .. (bucket - 1)
  end
end
local counts = redis.call('MGET', unpack(reads))
local banUntil = tonumber(counts[1] or '')
if banUntil then
  if banUntil == 0 then return deny(3, -1) end
  if banUntil > now then return deny(3, banUntil - now) end
end
for w, window in ipairs(windows) do
  local limit, size, bucket = window[1], window[2], window[3]
  local current = tonumber(counts[w * 2] or '0')
  local previous = tonumber(counts[w * 2 + 1] or '0')
  local elapsed = now - bucket * size
  local estimate = previous * (size - elapsed) / size + current
  local toEdge = size - elapsed
  if estimate + cost > limit then
    -- the estimate falls linearly: first the previous bucket slides out, then the current one
    local wait = -1
    if current + cost <= limit then
      wait = toEdge - (limit - cost - current) * size / previous
    elseif cost <= limit then
      wait = toEdge + size - (limit - cost) * size / current
    end
    if wait ~= -1 and wait < 0 then wait = 0 end
    if blocked == nil or (blocked[3] ~= -1 and (wait == -1 or wait > blocked[3])) then blocked = { limit, toEdge, wait } end
  else
    local remaining = math.floor(limit - estimate - cost)
    if best[2] == -1 or remaining < best[2] then best = { limit, remaining, toEdge } end
    keys[#keys + 1] = { window[4], size }
  end
end

if blocked then
  if not shadow and banAfter > 0 then
    local violations = p .. 'viol:' .. tenant .. ':' .. ip
    redis.call('ZREMRANGEBYSCORE', violations, '-inf', now - banWindow)
    redis.call('ZADD', violations, now, now .. ':' .. redis.call('INCR', p .. 'seq'))
    redis.call('PEXPIRE', violations, banWindow)
    local recent = redis.call('ZCARD', violations)
    if recent >= banAfter then
      redis.call('SET', banKey, now + banFor, 'PX', banFor)
      redis.call('DEL', violations)
      redis.call('RPUSH', p .. 'new-bans', tenant .. '|' .. ip .. '|' .. now .. '|' .. (now + banFor) .. '|' .. recent)
      return deny(3, banFor)
    end
  end
  local result = deny(1, blocked[3])
  result[5], result[6], result[7] = blocked[1], 0, blocked[2]
  return result
end

for _, entry in ipairs(keys) do
  -- a new bucket lives two window lengths: long enough to be the previous bucket of the next
  if redis.call('INCRBY', entry[1], cost) == cost then redis.call('PEXPIRE', entry[1], entry[2] * 2) end
end
count(tenant .. '|a')
return { 1, 0, 0, -1, best[1], best[2], best[3] }
`;

export const DENIAL_REASONS = ["limit", "denylist", "banned"] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

export type ScriptArgs = {
  /** The shard prefix of this tenant × address (`prefixFor` in keys.ts); the script's one key. */
  prefix: string;
  tenantId: string;
  ip: string;
  cost: number;
  /** `allow`/`deny`: the lists already decided, only count it; `check`: bans and limits. */
  mode: "allow" | "deny" | "check";
  shadow: boolean;
  limits: { perMinute: number | null; perHour: number | null; perDay: number | null };
  autoBan: { afterViolations: number; windowMs: number; durationMs: number } | null;
  /** Milliseconds since the epoch; omit to use Redis's clock. */
  now?: number;
  /** False for Steward's own limits, which are no tenant's traffic and stay out of the statistics. */
  stats?: boolean;
};

export type ScriptResult = {
  allowed: boolean;
  reason: DenialReason | null;
  /** Set when shadow mode let through what would have been denied. */
  shadowReason: DenialReason | null;
  /** Milliseconds; null when waiting will not help (denylist, indefinite ban, cost above the limit). */
  retryAfterMs: number | null;
  /** The tightest window, or null when no window limits this request. */
  window: { limit: number; remaining: number; resetMs: number } | null;
};

type DecideCommand = (...args: (string | number)[]) => Promise<number[]>;

/** The script's key and arguments, in its order (the bench hands the same ones to redis-benchmark). */
export function decisionScriptArgs(args: ScriptArgs): (string | number)[] {
  return [
    args.prefix,
    args.tenantId,
    args.ip,
    args.cost,
    args.mode,
    args.shadow ? "1" : "0",
    args.limits.perMinute ?? 0,
    args.limits.perHour ?? 0,
    args.limits.perDay ?? 0,
    args.autoBan?.afterViolations ?? 0,
    args.autoBan?.windowMs ?? 0,
    args.autoBan?.durationMs ?? 0,
    args.now ?? 0,
    args.stats === false ? "0" : "1",
  ];
}

/** Runs the script (EVALSHA, loading it once per connection). */
export async function runDecisionScript(redis: RedisClient, args: ScriptArgs): Promise<ScriptResult> {
  if (!("stewardRateLimit" in redis))
    redis.defineCommand("stewardRateLimit", { numberOfKeys: 1, lua: DECISION_SCRIPT });
  const command = (redis as unknown as { stewardRateLimit: DecideCommand }).stewardRateLimit.bind(redis);
  const [allowed, reason, shadowReason, retry, limit = -1, remaining = -1, reset = -1] = await command(
    ...decisionScriptArgs(args),
  );
  return {
    allowed: allowed === 1,
    reason: reason ? DENIAL_REASONS[reason - 1] : null,
    shadowReason: shadowReason ? DENIAL_REASONS[shadowReason - 1] : null,
    retryAfterMs: retry >= 0 ? retry : null,
    window: limit > 0 ? { limit, remaining: Math.max(0, remaining), resetMs: reset } : null,
  };
}
