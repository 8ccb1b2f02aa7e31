import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { raiseNotification } from "@/lib/notifications/raise-notification";
import { logger } from "@/lib/logger";

/**
 * Turns an endpoint off (a 410 Gone, or failing without a success for WEBHOOK_DISABLE_AFTER_HOURS)
 * and tells the owners. Its pending deliveries wait; re-enabling it, or a replay, sends them.
 */
export async function disableEndpoint(endpointId: string, reason: string, now: Date): Promise<void> {
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: endpointId, enabled: true },
    data: { enabled: false, disabledReason: reason, disabledAt: now },
  });
  if (count === 0) return;
  const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
  logger.warn({ endpointId }, "webhook endpoint disabled");
  await raiseNotification({
    severity: "critical",
    title: "Webhook endpoint disabled",
    body: `${new URL(endpoint.url).host}: ${reason}. Fix the receiver, enable the endpoint again and replay what it missed.`,
    link: `/settings/webhooks/${endpointId}`,
    dedupeKey: `webhook-endpoint-disabled:${endpointId}:${now.getTime()}`,
    alertClass: "webhook_endpoint_disabled",
  });
}

/** Disables every endpoint that has failed without a success for too long; the sweep calls it. */
export async function disableLongFailingEndpoints(now: Date, endpointId?: string): Promise<number> {
  const cutoff = new Date(now.getTime() - env().WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000);
  const failing = await db.webhookEndpoint.findMany({
    where: { enabled: true, failingSince: { lte: cutoff }, ...(endpointId ? { id: endpointId } : {}) },
    select: { id: true },
  });
  for (const { id } of failing)
    await disableEndpoint(id, `no delivery succeeded for ${env().WEBHOOK_DISABLE_AFTER_HOURS} hours`, now);
  return failing.length;
}
