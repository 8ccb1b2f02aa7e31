import { db } from "@/lib/db";
import { THROTTLE_POLICY } from "@/lib/auth/login-throttle";
import { rateLimitHistorySweeps } from "@/lib/rate-limits/prune-rate-limit-history";
import { metricPointSweep } from "@/lib/anomalies/prune-metric-points";
import { expiredIdempotencyKeySweep } from "@/lib/idempotency/idempotency-keys";
import { expiredWebhookEventSweep } from "@/lib/webhooks/prune-webhook-events";
import { endedSessionSweep } from "@/lib/auth/staff-sessions";

/** In-app notifications older than this are deleted with their read marks. */
const NOTIFICATION_RETENTION_DAYS = 90;
const BATCH = 1_000;

/** Deletes up to BATCH rows the query selects by id; returns how many went. */
type BatchDelete = () => Promise<number>;

/**
 * Nightly housekeeping: sign-in throttle rows whose window and lock are over (a new attempt starts
 * a fresh window anyway), notifications, rate-limit history and metric points past their retention,
 * Idempotency-Keys past their 24 hours, webhook events past their retention, and staff sessions
 * signed out or expired. Deletes a batch at a time so no
 * table is locked for long, reporting progress (0–100) after each batch.
 */
export async function pruneExpiredRecords(
  onProgress: (percent: number) => Promise<void>,
  now = new Date(),
): Promise<{ deleted: number }> {
  const windowFloor = new Date(now.getTime() - THROTTLE_POLICY.windowMs);
  const notificationCutoff = new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000);
  const throttles = {
    windowStart: { lt: windowFloor },
    OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
  };
  const notifications = { createdAt: { lt: notificationCutoff } };

  const rateLimitHistory = rateLimitHistorySweeps(now, BATCH);
  const metricPoints = metricPointSweep(now);
  const idempotencyKeys = expiredIdempotencyKeySweep(now, BATCH);
  const webhookEvents = expiredWebhookEventSweep(now, BATCH);
  const sessions = endedSessionSweep(now, BATCH);
  const total =
    (await db.loginThrottle.count({ where: throttles })) +
    (await db.notification.count({ where: notifications })) +
    (await rateLimitHistory.count()) +
    (await idempotencyKeys.count()) +
    (await webhookEvents.count()) +
    (await sessions.count());
  const sweeps: BatchDelete[] = [
    async () => {
      const keys = (
        await db.loginThrottle.findMany({ where: throttles, select: { key: true }, take: BATCH })
      ).map((r) => r.key);
      return (await db.loginThrottle.deleteMany({ where: { key: { in: keys }, ...throttles } })).count;
    },
    async () => {
      const ids = (
        await db.notification.findMany({ where: notifications, select: { id: true }, take: BATCH })
      ).map((r) => r.id);
      return (await db.notification.deleteMany({ where: { id: { in: ids } } })).count;
    },
    ...rateLimitHistory.sweeps,
    metricPoints.sweep,
    idempotencyKeys.sweep,
    webhookEvents.sweep,
    sessions.sweep,
  ];

  let deleted = 0;
  await onProgress(0);
  for (const sweep of sweeps) {
    for (let count = await sweep(); count > 0; count = await sweep()) {
      deleted += count;
      await onProgress(Math.min(99, Math.round((deleted / Math.max(total, 1)) * 100)));
    }
  }
  await onProgress(100);
  return { deleted };
}
