import type { Redis } from "ioredis";
import { db } from "@/lib/db";
import { decryptPii } from "@/lib/crypto/pii";
import { countAttempts } from "./delivery-stats";
import { disableEndpoint, disableLongFailingEndpoints } from "./endpoint-health";
import { holdLane } from "./lane-locks";
import { nextAttemptAt } from "./retry-schedule";
import { sendWebhook, type SendOutcome } from "./send-webhook";

export type Lane = { endpointId: string; lane: string };

/**
 * What a run left: nothing due ("idle"), the lane busy elsewhere ("held": its holder delivers it),
 * every slot of the endpoint taken ("no-slot": try again shortly), more due than one run delivers
 * ("more"), or the time its head is due again after a failure.
 */
export type LaneRun = {
  delivered: number;
  failed: number;
  next: "idle" | "held" | "no-slot" | "more" | Date;
};

/** Deliveries read per query, and the most one run sends before handing the lane to a fresh job. */
const PAGE = 25;
const MAX_PER_RUN = 200;
const MAX_RUN_MS = 30_000;

type Due = { id: string; event_id: string; attempts: number; next_attempt_at: Date; payload: unknown };

type Attempt = { delivery: Due; outcome: SendOutcome; at: Date };

const delivered = (outcome: SendOutcome) =>
  outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;

/**
 * Delivers one lane — one endpoint's deliveries of one tenant — oldest first, and stops at the
 * first failure: a tenant's later state never reaches a receiver before an earlier one. Other lanes
 * (other tenants, other endpoints) run independently. Every attempt carries the event's id as
 * `webhook-id`, so a receiver can drop a repeat. `clock` is injected for tests.
 */
export async function deliverLane(
  redis: Redis,
  { endpointId, lane }: Lane,
  clock = () => new Date(),
): Promise<LaneRun> {
  const hold = await holdLane(redis, endpointId, lane);
  if (hold === "held" || hold === "no-slot") return { delivered: 0, failed: 0, next: hold };
  let run: LaneRun;
  try {
    run = await deliverHeld(endpointId, lane, redis, clock);
  } finally {
    await hold.release();
  }
  // A delivery queued while this run held the lane found it held and left it to this run.
  if (run.next === "idle" && (await hasDue(endpointId, lane, clock()))) return { ...run, next: "more" };
  return run;
}

async function hasDue(endpointId: string, lane: string, now: Date): Promise<boolean> {
  const found = await db.webhookDelivery.findFirst({
    where: { endpointId, lane, status: "pending", nextAttemptAt: { lte: now }, endpoint: { enabled: true } },
    select: { id: true },
  });
  return found !== null;
}

async function deliverHeld(
  endpointId: string,
  lane: string,
  redis: Redis,
  clock: () => Date,
): Promise<LaneRun> {
  const run: LaneRun = { delivered: 0, failed: 0, next: "more" };
  const started = Date.now();
  while (run.delivered < MAX_PER_RUN && Date.now() - started < MAX_RUN_MS) {
    const endpoint = await db.webhookEndpoint.findUnique({
      where: { id: endpointId },
      include: { secrets: true },
    });
    if (!endpoint?.enabled) return { ...run, next: "idle" };
    const due = await db.$queryRaw<Due[]>`
        SELECT d.id, d.event_id, d.attempts, d.next_attempt_at, e.payload
        FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.endpoint_id = ${endpointId} AND d.lane = ${lane} AND d.status = 'pending'
        ORDER BY d.seq LIMIT ${PAGE}`;
    if (due.length === 0) return { ...run, next: "idle" };
    const now = clock();
    const secrets = endpoint.secrets
      .filter((secret) => !secret.expiresAt || secret.expiresAt > now)
      .map((secret) => decryptPii(secret.secretEncrypted));
    const attempts: Attempt[] = [];
    let stop: LaneRun["next"] | null = null;
    for (const delivery of due) {
      if (delivery.next_attempt_at > now) {
        stop = delivery.next_attempt_at;
        break;
      }
      const outcome = await sendWebhook({
        url: endpoint.url,
        id: delivery.event_id,
        body: JSON.stringify(delivery.payload),
        secrets,
        timestampSeconds: Math.floor(now.getTime() / 1000),
      });
      attempts.push({ delivery, outcome, at: now });
      if (!delivered(outcome)) break;
    }
    const failure = await recordAttempts(redis, endpointId, attempts);
    run.delivered += attempts.length - (failure ? 1 : 0);
    if (failure) {
      run.failed++;
      // A delivery that has had all its attempts is given up; the lane goes on with the next one.
      return { ...run, next: failure.retryAt ?? "more" };
    }
    if (stop) return { ...run, next: stop };
  }
  return run;
}

/** Writes a run's attempts: the log, the deliveries' state, the endpoint's health. Returns the failure, if any. */
async function recordAttempts(redis: Redis, endpointId: string, attempts: Attempt[]) {
  if (attempts.length === 0) return null;
  const last = attempts.at(-1)!;
  const failed = delivered(last.outcome) ? null : last;
  const succeeded = attempts.filter((attempt) => attempt !== failed);
  const retryAt = failed ? nextAttemptAt(failed.delivery.attempts + 1, failed.at) : null;
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.createMany({
      data: attempts.map(({ delivery, outcome, at }) => ({
        deliveryId: delivery.id,
        endpointId,
        attempt: delivery.attempts + 1,
        statusCode: outcome.statusCode,
        error: outcome.error,
        latencyMs: outcome.latencyMs,
        responseExcerpt: outcome.excerpt,
        createdAt: at,
      })),
    });
    if (succeeded.length > 0) {
      await tx.$executeRaw`
        UPDATE webhook_deliveries d
        SET status = 'succeeded', attempts = d.attempts + 1, last_status = v.status, delivered_at = v.at
        FROM unnest(${succeeded.map((a) => a.delivery.id)}::text[], ${succeeded.map((a) => a.outcome.statusCode)}::int[],
                    ${succeeded.map((a) => a.at)}::timestamp[]) AS v(id, status, at)
        WHERE d.id = v.id`;
      await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { failingSince: null } });
    }
    if (failed) {
      await tx.webhookDelivery.update({
        where: { id: failed.delivery.id },
        data: {
          attempts: { increment: 1 },
          lastStatus: failed.outcome.statusCode,
          ...(retryAt ? { nextAttemptAt: retryAt } : { status: "failed" }),
        },
      });
      await tx.webhookEndpoint.updateMany({
        where: { id: endpointId, failingSince: null },
        data: { failingSince: failed.at },
      });
    }
  });
  await countAttempts(
    redis,
    attempts.map(({ outcome }) => ({ delivered: delivered(outcome), latencyMs: outcome.latencyMs })),
  );
  if (failed?.outcome.statusCode === 410)
    await disableEndpoint(endpointId, "the endpoint answered 410 Gone", failed.at);
  else if (failed) await disableLongFailingEndpoints(failed.at);
  return failed ? { retryAt } : null;
}
