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
  // Endpoints with a lane whose head is due (a delivery behind a failed head waits for it).
  const due = await db.$queryRaw<{ endpointId: string }[]>`
    SELECT DISTINCT h.endpoint_id AS "endpointId"
    FROM (
      SELECT DISTINCT ON (endpoint_id, lane) endpoint_id, next_attempt_at FROM webhook_deliveries
      WHERE status = 'pending' ORDER BY endpoint_id, lane, seq
    ) h JOIN webhook_endpoints e ON e.id = h.endpoint_id AND e.enabled
    WHERE h.next_attempt_at <= ${now}`;
  await enqueueBulk(
    "deliver-webhooks",
    due.map((payload) => ({ payload })),
  );
  const disabled = await disableLongFailingEndpoints(now);
  return { dispatched, endpointsQueued: due.length, endpointsDisabled: disabled };
}
