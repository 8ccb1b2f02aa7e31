import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Events past WEBHOOK_EVENT_RETENTION_DAYS, with their deliveries and delivery log (cascade), a batch
 * at a time: the nightly housekeeping's sweep of the outbox.
 */
export function expiredWebhookEventSweep(now: Date, batch: number) {
  const cutoff = new Date(now.getTime() - env().WEBHOOK_EVENT_RETENTION_DAYS * 86_400_000);
  return {
    count: () => db.webhookEvent.count({ where: { createdAt: { lt: cutoff } } }),
    sweep: async () => {
      const ids = (
        await db.webhookEvent.findMany({
          where: { createdAt: { lt: cutoff } },
          select: { id: true },
          take: batch,
        })
      ).map((row) => row.id);
      return (await db.webhookEvent.deleteMany({ where: { id: { in: ids } } })).count;
    },
  };
}
