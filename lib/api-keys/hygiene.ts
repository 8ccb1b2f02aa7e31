import { db } from "@/lib/db";
import { env } from "@/lib/env";

const DAY = 86_400_000;

export type HygieneThresholds = { unusedDays: number; maxAgeDays: number };

/** The configured thresholds (API_KEY_UNUSED_DAYS, API_KEY_MAX_AGE_DAYS). */
export function hygieneThresholds(): HygieneThresholds {
  const settings = env();
  return { unusedDays: settings.API_KEY_UNUSED_DAYS, maxAgeDays: settings.API_KEY_MAX_AGE_DAYS };
}

/** Active; in the grace period after a rotation (revokedAt still ahead); or revoked. */
export type ApiKeyState = "active" | "grace" | "revoked";

export function apiKeyState(key: { revokedAt: Date | null }, now: Date): ApiKeyState {
  if (!key.revokedAt) return "active";
  return key.revokedAt > now ? "grace" : "revoked";
}

type KeyDates = { createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

const wholeDays = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY);
const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

/**
 * Why an active key wants attention; empty when it does not. A threshold of N days is reached the
 * instant N whole days have passed. A key never used counts from its creation. Keys in their grace
 * period or revoked are never flagged: they are on their way out already.
 */
export function apiKeyFlags(
  key: KeyDates,
  now: Date,
  { unusedDays, maxAgeDays }: HygieneThresholds,
): string[] {
  if (apiKeyState(key, now) !== "active") return [];
  const flags: string[] = [];
  const idle = wholeDays(key.lastUsedAt ?? key.createdAt, now);
  if (idle >= unusedDays)
    flags.push(key.lastUsedAt ? `Not used for ${days(idle)}` : `Never used in ${days(idle)}`);
  const age = wholeDays(key.createdAt, now);
  if (age >= maxAgeDays) flags.push(`Created ${days(age)} ago: due for rotation`);
  return flags;
}

/** Every key not revoked nor rotated, with its flags under the configured thresholds. */
export async function listActiveApiKeyFlags(now: Date) {
  const thresholds = hygieneThresholds();
  const keys = await db.apiKey.findMany({
    where: { revokedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  return keys.map((key) => ({ ...key, flags: apiKeyFlags(key, now, thresholds) }));
}
