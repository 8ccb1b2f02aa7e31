import { db } from "@/lib/db";
import { newId } from "@/lib/new-id";
import { disableEndpoint, disableLongFailingEndpoints } from "./endpoint-health";
import { nextAttemptAt } from "./retry-schedule";
import type { SendOutcome } from "./send-webhook";

/** `attempt` counts every attempt of the delivery; `retryFrom` those before its current retry schedule. */
export type Attempt = {
  deliveryId: string;
  attempt: number;
  retryFrom: number;
  outcome: SendOutcome;
  at: Date;
};

/**
 * Writes a round of attempts in one statement — the delivery log and each delivery's new state
 * (delivered; due again later; or given up after its last attempt) — then the endpoint's health:
 * any success ends its run of failures; a 410 or days of failures disable it.
 */
export async function recordRound(endpointId: string, attempts: Attempt[]) {
  if (attempts.length === 0) return { delivered: 0, failed: 0, disabled: false };
  const rows = attempts.map(({ deliveryId, attempt, retryFrom, outcome, at }) => {
    const retryAt = outcome.delivered ? null : nextAttemptAt(attempt - retryFrom, at);
    return {
      deliveryId,
      attempt,
      status: outcome.delivered ? "succeeded" : retryAt ? "pending" : "failed",
      retryAt,
      outcome,
      at,
    };
  });
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  await db.$executeRaw`
    WITH v AS (
      SELECT * FROM unnest(
        ${column(newId)}::text[], ${column((r) => r.deliveryId)}::text[], ${column((r) => r.attempt)}::int[],
        ${column((r) => r.status)}::text[], ${column((r) => r.retryAt)}::timestamp[],
        ${column((r) => r.outcome.statusCode)}::int[], ${column((r) => r.outcome.error)}::text[],
        ${column((r) => r.outcome.latencyMs)}::int[], ${column((r) => r.outcome.excerpt)}::text[],
        ${column((r) => r.at)}::timestamp[]
      ) AS v(attempt_id, delivery_id, attempt, status, retry_at, status_code, error, latency_ms, excerpt, at)
    ), updated AS (
      UPDATE webhook_deliveries d
      SET status = v.status::"WebhookDeliveryStatus", attempts = v.attempt, last_status = v.status_code,
          next_attempt_at = coalesce(v.retry_at, d.next_attempt_at),
          delivered_at = CASE WHEN v.status = 'succeeded' THEN v.at END
      FROM v WHERE d.id = v.delivery_id
    )
    INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, attempt, status_code, error, latency_ms, response_excerpt, created_at)
    SELECT attempt_id, delivery_id, ${endpointId}, attempt, status_code, error, latency_ms, excerpt, at FROM v`;

  const delivered = attempts.filter((a) => a.outcome.delivered).length;
  const failed = attempts.length - delivered;
  const at = attempts[0].at;
  if (delivered > 0)
    await db.webhookEndpoint.updateMany({
      where: { id: endpointId, failingSince: { not: null } },
      data: { failingSince: null },
    });
  else
    await db.webhookEndpoint.updateMany({
      where: { id: endpointId, failingSince: null },
      data: { failingSince: at },
    });
  let disabled = false;
  if (attempts.some((a) => a.outcome.statusCode === 410)) {
    await disableEndpoint(endpointId, "the endpoint answered 410 Gone", at);
    disabled = true;
  } else if (delivered === 0) disabled = (await disableLongFailingEndpoints(at, endpointId)) > 0;
  return { delivered, failed, disabled };
}
