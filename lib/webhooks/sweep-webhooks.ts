import { db } from "@/lib/db";
import { enqueueBulk } from "@/lib/jobs/enqueue";
import { dispatchWebhookEvents } from "./dispatch-events";
import { disableLongFailingEndpoints } from "./endpoint-health";

/** Lanes queued per sweep; more wait for the next sweep. */
const MAX_LANES = 5_000;

/**
 * The safety net under the event-driven path: fans out events whose notification was missed,
 * queues every lane whose head is due (retries, and lanes a crashed worker left), and disables
 * endpoints failing for too long.
 */
export async function sweepWebhooks(now = new Date()) {
  const dispatched = await dispatchWebhookEvents();
  const lanes = await db.$queryRaw<{ endpointId: string; lane: string }[]>`
    SELECT DISTINCT d.endpoint_id AS "endpointId", d.lane
    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
    WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
    LIMIT ${MAX_LANES}`;
  await enqueueBulk(
    "deliver-webhooks",
    lanes.map((lane) => ({ payload: lane })),
  );
  const disabled = await disableLongFailingEndpoints(now);
  return { dispatched, lanesQueued: lanes.length, endpointsDisabled: disabled };
}
