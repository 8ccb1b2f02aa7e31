import type { RedisClient } from "@/lib/redis";
import { db } from "@/lib/db";
import { decryptPii } from "@/lib/crypto/pii";
import { env } from "@/lib/env";
import { mapWithConcurrency } from "@/lib/map-with-concurrency";
import { countAttempts } from "./delivery-stats";
import { holdEndpoint, type EndpointHold } from "./endpoint-lock";
import { recordRound, type Attempt } from "./record-round";
import { sendWebhook } from "./send-webhook";

/**
 * What a run left: nothing due ("idle"), the endpoint busy with another runner ("held": it delivers
 * what is due), more due than one run delivers ("more"), or when the next retry is due.
 */
export type EndpointRun = { delivered: number; failed: number; next: "idle" | "held" | "more" | Date };

/** Lanes (tenants) served per round, and how long one run goes on before handing over to a fresh job. */
const LANES_PER_ROUND = 500;
const MAX_RUN_MS = 20_000;

type Head = { id: string; event_id: string; attempts: number; retry_from: number; payload: unknown };

/**
 * Delivers what is due to one endpoint, in rounds: each round sends the oldest pending delivery of
 * every lane (one tenant's events) whose turn has come, up to WEBHOOK_ENDPOINT_CONCURRENCY requests
 * at once. A lane whose head failed waits for that head's retry, so a tenant's later state never
 * reaches the receiver before an earlier one; other lanes go on. Every attempt carries the event's id
 * as `webhook-id`, so a receiver can drop a repeat. One runner per endpoint at a time: a slow or dead
 * endpoint holds one of the worker's slots, never the others' deliveries. `clock` is for tests.
 */
export async function deliverToEndpoint(
  redis: RedisClient,
  endpointId: string,
  clock = () => new Date(),
): Promise<EndpointRun> {
  const hold = await holdEndpoint(redis, endpointId);
  if (!hold) return { delivered: 0, failed: 0, next: "held" };
  let run: EndpointRun;
  try {
    run = await deliverRounds(redis, endpointId, hold, clock);
  } finally {
    await hold.release();
  }
  // A job queued while this run held the endpoint found it held and left its work to this run.
  if (run.next !== "more" && (await nextDue(endpointId)) <= clock()) return { ...run, next: "more" };
  return run;
}

/**
 * When the endpoint's next lane head is due (far future when nothing is pending). Only heads count:
 * a delivery queued behind a failed head waits for that head, whatever its own time says.
 */
async function nextDue(endpointId: string): Promise<Date> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min(h.next_attempt_at) AS at
    FROM (
      SELECT DISTINCT ON (lane) next_attempt_at FROM webhook_deliveries
      WHERE endpoint_id = ${endpointId} AND status = 'pending' ORDER BY lane, seq
    ) h
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ${endpointId} AND enabled)`;
  return row.at ?? new Date(8.64e15);
}

async function deliverRounds(
  redis: RedisClient,
  endpointId: string,
  hold: EndpointHold,
  clock: () => Date,
): Promise<EndpointRun> {
  const run: EndpointRun = { delivered: 0, failed: 0, next: "more" };
  const started = Date.now();
  while (Date.now() - started < MAX_RUN_MS && !hold.lost()) {
    const endpoint = await db.webhookEndpoint.findUnique({
      where: { id: endpointId },
      include: { secrets: true },
    });
    if (!endpoint?.enabled) return { ...run, next: "idle" };
    const now = clock();
    // The head of each lane, then only the heads whose turn has come: a lane never skips its head.
    const heads = await db.$queryRaw<Head[]>`
      SELECT h.id, h.event_id, h.attempts, h.retry_from, e.payload
      FROM (
        SELECT DISTINCT ON (lane) id, event_id, attempts, retry_from, next_attempt_at, seq
        FROM webhook_deliveries WHERE endpoint_id = ${endpointId} AND status = 'pending'
        ORDER BY lane, seq
      ) h JOIN webhook_events e ON e.id = h.event_id
      WHERE h.next_attempt_at <= ${now}
      ORDER BY h.seq LIMIT ${LANES_PER_ROUND}`;
    if (heads.length === 0) {
      const due = await nextDue(endpointId);
      return { ...run, next: due.getTime() === 8.64e15 ? "idle" : due };
    }
    const secrets = endpoint.secrets
      .filter((secret) => !secret.expiresAt || secret.expiresAt > now)
      .map((secret) => decryptPii(secret.secretEncrypted));
    const attempts: Attempt[] = [];
    await mapWithConcurrency(heads, env().WEBHOOK_ENDPOINT_CONCURRENCY, async (head) => {
      // Past the run's time, or with the hold lost to another runner, the rest of the round stays
      // pending and due: a fresh run (or the other holder) sends it.
      if (Date.now() - started > MAX_RUN_MS || hold.lost()) return;
      const outcome = await sendWebhook({
        url: endpoint.url,
        id: head.event_id,
        body: JSON.stringify(head.payload),
        secrets,
        // Stamped when sent, so a slow round never sends a timestamp a receiver deems stale.
        timestampSeconds: Math.floor(clock().getTime() / 1000),
      });
      attempts.push({
        deliveryId: head.id,
        attempt: head.attempts + 1,
        retryFrom: head.retry_from,
        outcome,
        at: now,
      });
    });
    const round = await recordRound(endpointId, attempts);
    await countAttempts(
      redis,
      attempts.map(({ outcome }) => ({ delivered: outcome.delivered, latencyMs: outcome.latencyMs })),
    );
    run.delivered += round.delivered;
    run.failed += round.failed;
    if (round.disabled) return { ...run, next: "idle" };
  }
  return run;
}
