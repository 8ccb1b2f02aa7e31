import { env } from "@/lib/env";

/**
 * When a delivery that just failed its `attempts`-th attempt is tried again, or null when it has
 * had them all. Jitter (±20%) spreads the retries of many deliveries failed by one outage.
 */
export function nextAttemptAt(attempts: number, now: Date, random = Math.random): Date | null {
  const delays = env().WEBHOOK_RETRY_DELAYS;
  if (attempts > delays.length) return null;
  const seconds = delays[attempts - 1] * (0.8 + 0.4 * random());
  return new Date(now.getTime() + Math.round(seconds * 1000));
}
