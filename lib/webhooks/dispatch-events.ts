import { db } from "@/lib/db";
import { enqueueBulk } from "@/lib/jobs/enqueue";
import { announceRulesChanged } from "@/lib/rate-limits/rules-cache";
import { webRedis } from "@/lib/redis";

/** Events fanned out per transaction. */
const BATCH = 500;
/** Beyond this many tenants changed in one batch, decision caches are dropped whole instead. */
const ANNOUNCE_ONE_BY_ONE = 50;

type Undispatched = { id: string; seq: bigint; type: string; tenant_id: string | null };

/**
 * Fans new outbox events out: one delivery per enabled endpoint subscribed to the event's type, in
 * the lane of its tenant, then queues a delivery run for each endpoint concerned. Several workers may run it at once; they take
 * turns. Tenant events also tell every decision process to reload the tenant,
 * so a status change made anywhere (billing sweeps included) is enforced within a moment.
 * Returns how many events it fanned out.
 */
export async function dispatchWebhookEvents(): Promise<number> {
  let total = 0;
  for (;;) {
    const { events, endpointIds } = await db.$transaction(
      async (tx) => {
        // One fan-out at a time: two could each take part of a tenant's events and queue a later one first.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('steward:webhook-dispatch'))`;
        const events = await tx.$queryRaw<Undispatched[]>`
        SELECT id, seq, type, tenant_id FROM webhook_events
        WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${BATCH}`;
        if (events.length === 0) return { events, endpointIds: [] as string[] };
        const ids = events.map((event) => event.id);
        const now = new Date();
        // One statement however many endpoints subscribe (Prisma's createMany costs ~0.3 ms a row).
        const created = await tx.$queryRaw<{ endpoint_id: string }[]>`
        INSERT INTO webhook_deliveries (id, event_id, endpoint_id, lane, seq, status, attempts, retry_from, next_attempt_at, created_at)
        SELECT gen_random_uuid()::text, e.id, w.id, coalesce(e.tenant_id, e.id), e.seq, 'pending', 0, 0, ${now}, ${now}
        FROM webhook_events e JOIN webhook_endpoints w ON w.enabled AND e.type = ANY(w.event_types)
        WHERE e.id = ANY(${ids}::text[])
        ON CONFLICT (event_id, endpoint_id) DO NOTHING
        RETURNING endpoint_id`;
        await tx.$executeRaw`UPDATE webhook_events SET dispatched_at = ${now} WHERE id = ANY(${ids}::text[])`;
        return { events, endpointIds: [...new Set(created.map((row) => row.endpoint_id))] };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
    if (events.length === 0) return total;
    total += events.length;
    // Decision caches first: announcing never throws, and a failed enqueue is recovered by the sweep.
    await announceTenants(events);
    await enqueueBulk(
      "deliver-webhooks",
      endpointIds.map((endpointId) => ({ payload: { endpointId } })),
    );
  }
}

async function announceTenants(events: Undispatched[]): Promise<void> {
  const tenants = [...new Set(events.filter((e) => e.type.startsWith("tenant.")).map((e) => e.tenant_id!))];
  if (tenants.length > ANNOUNCE_ONE_BY_ONE) return announceRulesChanged(webRedis(), "*");
  for (const tenantId of tenants) await announceRulesChanged(webRedis(), tenantId);
}
