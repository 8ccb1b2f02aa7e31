import { db } from "@/lib/db";

/**
 * Failed sign-ins are counted per email and per IP over a sliding 15-minute window.
 * From the 3rd failure each attempt is slowed (doubling, capped); at the limit the key is
 * locked for 15 minutes. IPs get a higher limit because offices share one address.
 */
export const THROTTLE_POLICY = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  slowAfter: 3,
  maxDelayMs: 4_000,
  limits: { email: 5, ip: 20 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_POLICY.limits;

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.trim().toLowerCase()}`;
}

export type ThrottleState = { failures: number; lockedUntil: Date | null };

export async function readThrottle(key: string, now: Date): Promise<ThrottleState> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  if (!row || row.windowStart.getTime() < now.getTime() - THROTTLE_POLICY.windowMs) {
    return { failures: 0, lockedUntil: row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null };
  }
  return { failures: row.failures, lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null };
}

/** How long to stall an attempt given the failures already on record. */
export function slowDownMs(failures: number): number {
  if (failures < THROTTLE_POLICY.slowAfter) return 0;
  return Math.min(250 * 2 ** (failures - THROTTLE_POLICY.slowAfter), THROTTLE_POLICY.maxDelayMs);
}

/**
 * Counts one failure atomically (concurrent attempts cannot undercount) and locks the key
 * when it reaches its limit. Returns whether this failure caused a lock.
 */
export async function registerFailure(kind: ThrottleKind, key: string, now: Date): Promise<{ failures: number; lockedUntil: Date | null }> {
  const windowFloor = new Date(now.getTime() - THROTTLE_POLICY.windowMs);
  const lockUntil = new Date(now.getTime() + THROTTLE_POLICY.lockMs);
  const limit = THROTTLE_POLICY.limits[kind];
  const [row] = await db.$queryRaw<{ failures: number; locked_until: Date | null }[]>`
    INSERT INTO login_throttles (key, failures, window_start) VALUES (${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttles.window_start < ${windowFloor} THEN 1 ELSE login_throttles.failures + 1 END,
      window_start = CASE WHEN login_throttles.window_start < ${windowFloor} THEN ${now} ELSE login_throttles.window_start END
    RETURNING failures, locked_until`;
  if (row.failures >= limit && !(row.locked_until && row.locked_until > now)) {
    await db.loginThrottle.update({ where: { key }, data: { lockedUntil: lockUntil } });
    return { failures: row.failures, lockedUntil: lockUntil };
  }
  return { failures: row.failures, lockedUntil: null };
}

/** A successful sign-in clears the email's record (not the IP's: one good password does not vouch for the address). */
export async function clearThrottle(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
