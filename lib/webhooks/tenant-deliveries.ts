import { db } from "@/lib/db";

/**
 * The latest webhook deliveries of a tenant's events, newest first. A tenant's deliveries share its
 * lane on every endpoint, so this reads the (endpoint_id, lane, seq) index once per endpoint.
 */
export async function tenantWebhookDeliveries(tenantId: string, take = 10) {
  const endpoints = await db.webhookEndpoint.findMany({ select: { id: true } });
  if (endpoints.length === 0) return [];
  return db.webhookDelivery.findMany({
    where: { endpointId: { in: endpoints.map((e) => e.id) }, lane: tenantId },
    orderBy: { seq: "desc" },
    take,
    select: {
      id: true,
      status: true,
      attempts: true,
      lastStatus: true,
      createdAt: true,
      deliveredAt: true,
      event: { select: { type: true } },
      endpoint: { select: { id: true, url: true } },
    },
  });
}

export type TenantWebhookDelivery = Awaited<ReturnType<typeof tenantWebhookDeliveries>>[number];
