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
    const { events, endpointIds } = await db.$transaction(async (tx) => {
      // One fan-out at a time: two could each take part of a tenant's events and queue a later one first.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('steward:webhook-dispatch'))`;
      const events = await tx.$queryRaw<Undispatched[]>`
        SELECT id, seq, type, tenant_id FROM webhook_events
        WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${BATCH}`;
      if (events.length === 0) return { events, endpointIds: [] as string[] };
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { enabled: true },
        select: { id: true, eventTypes: true },
      });
      const deliveries = events.flatMap((event) =>
        endpoints
          .filter((endpoint) => endpoint.eventTypes.includes(event.type))
          .map((endpoint) => ({
            eventId: event.id,
            endpointId: endpoint.id,
            lane: event.tenant_id ?? event.id,
            seq: event.seq,
          })),
      );
      await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
      await tx.webhookEvent.updateMany({
        where: { id: { in: events.map((event) => event.id) } },
        data: { dispatchedAt: new Date() },
      });
      return { events, endpointIds: [...new Set(deliveries.map((d) => d.endpointId))] };
    });
    if (events.length === 0) return total;
    total += events.length;
    await enqueueBulk(
      "deliver-webhooks",
      endpointIds.map((endpointId) => ({ payload: { endpointId } })),
    );
    await announceTenants(events);
  }
}

async function announceTenants(events: Undispatched[]): Promise<void> {
  const tenants = [...new Set(events.filter((e) => e.type.startsWith("tenant.")).map((e) => e.tenant_id!))];
  if (tenants.length > ANNOUNCE_ONE_BY_ONE) return announceRulesChanged(webRedis(), "*");
  for (const tenantId of tenants) await announceRulesChanged(webRedis(), tenantId);
}
