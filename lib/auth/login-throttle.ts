import { db } from "@/lib/db";
import { emailDigest } from "@/lib/crypto/pii";

/**
 * Sign-in attempts are counted over a 15-minute window per account, per account and address
 * together, and per address. From the 3rd failure each attempt is slowed (doubling, capped). Only
 * an address is ever locked out (15 minutes): one that failed too often for this account, or for
 * any (offices share one address, so that limit is higher). An account as a whole is only slowed,
 * so nobody can keep its owner out by failing on purpose from elsewhere.
 */
export const THROTTLE_POLICY = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  slowAfter: 3,
  maxDelayMs: 4_000,
  limits: { account: Infinity, pair: 5, ip: 20 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_POLICY.limits;

/** The throttle keys of an attempt; the email only as its keyed digest, never as typed. */
export function throttleKeys(email: string, ip: string): Record<ThrottleKind, string> {
  const account = emailDigest(email);
  return { account: `account:${account}`, pair: `pair:${account}:${ip}`, ip: `ip:${ip}` };
}

/** How long to stall an attempt given the failed attempts before it. */
export function slowDownMs(previousFailures: number): number {
  if (previousFailures < THROTTLE_POLICY.slowAfter) return 0;
  return Math.min(250 * 2 ** (previousFailures - THROTTLE_POLICY.slowAfter), THROTTLE_POLICY.maxDelayMs);
}

export type AttemptCount = { key: string; kind: ThrottleKind; attempts: number; lockedUntil: Date | null };

/**
 * Counts an attempt before the password is checked, in one atomic upsert, so a burst of
 * concurrent guesses cannot all slip past the limit: every attempt beyond it is refused unchecked.
 */
export async function countAttempt(kind: ThrottleKind, key: string, now: Date): Promise<AttemptCount> {
  const windowFloor = new Date(now.getTime() - THROTTLE_POLICY.windowMs);
  const [row] = await db.$queryRaw<{ failures: number; locked_until: Date | null }[]>`
    INSERT INTO login_throttles (key, failures, window_start) VALUES (${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttles.window_start < ${windowFloor} THEN 1 ELSE login_throttles.failures + 1 END,
      window_start = CASE WHEN login_throttles.window_start < ${windowFloor} THEN ${now} ELSE login_throttles.window_start END
    RETURNING failures, locked_until`;
  return {
    key,
    kind,
    attempts: row.failures,
    lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until : null,
  };
}

export function isOverLimit(count: AttemptCount): boolean {
  return count.lockedUntil !== null || count.attempts > THROTTLE_POLICY.limits[count.kind];
}

export function reachedLimit(count: AttemptCount): boolean {
  return count.attempts >= THROTTLE_POLICY.limits[count.kind];
}

/** Locks the keys until `until` (keeps a later lock if one is already set). */
export async function lock(keys: string[], until: Date): Promise<void> {
  await db.loginThrottle.updateMany({
    where: { key: { in: keys }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: until } }] },
    data: { lockedUntil: until },
  });
}

/**
 * A successful sign-in clears the account's records and takes its own attempt back from the IP's
 * (one good password does not vouch for the address, but must not count against it either).
 */
export async function recordSuccess(keys: Record<ThrottleKind, string>): Promise<void> {
  await db.$transaction([
    db.loginThrottle.deleteMany({ where: { key: { in: [keys.account, keys.pair] } } }),
    db.loginThrottle.updateMany({
      where: { key: keys.ip, failures: { gt: 0 } },
      data: { failures: { decrement: 1 } },
    }),
  ]);
}
