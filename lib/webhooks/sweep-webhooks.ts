import { db } from "@/lib/db";
import { enqueueBulk } from "@/lib/jobs/enqueue";
import { dispatchWebhookEvents } from "./dispatch-events";
import { disableLongFailingEndpoints } from "./endpoint-health";

/**
 * The safety net under the event-driven path: fans out events whose notification was missed,
 * queues every endpoint with a delivery due (retries, and runs a crashed worker left), and disables
 * endpoints failing for too long.
 */
export async function sweepWebhooks(now = new Date()) {
  const dispatched = await dispatchWebhookEvents();
  const due = await db.$queryRaw<{ endpointId: string }[]>`
    SELECT DISTINCT d.endpoint_id AS "endpointId"
    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
    WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}`;
  await enqueueBulk(
    "deliver-webhooks",
    due.map((payload) => ({ payload })),
  );
  const disabled = await disableLongFailingEndpoints(now);
  return { dispatched, endpointsQueued: due.length, endpointsDisabled: disabled };
}
