import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const DAY = 86_400_000;

/** Endpoints with what an owner checks first: pending deliveries and the last day's outcomes. */
export async function listWebhookEndpoints(now = new Date()) {
  const [endpoints, pending, lastDay] = await Promise.all([
    db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } }),
    db.webhookDelivery.groupBy({ by: ["endpointId"], where: { status: "pending" }, _count: { _all: true } }),
    db.$queryRaw<{ endpoint_id: string; delivered: number; failed: number }[]>`
      SELECT endpoint_id,
             count(*) FILTER (WHERE status_code BETWEEN 200 AND 299)::int AS delivered,
             count(*) FILTER (WHERE status_code IS NULL OR status_code NOT BETWEEN 200 AND 299)::int AS failed
      FROM webhook_attempts WHERE created_at >= ${new Date(now.getTime() - DAY)}
      GROUP BY endpoint_id`,
  ]);
  return endpoints.map((endpoint) => ({
    ...endpoint,
    pending: pending.find((p) => p.endpointId === endpoint.id)?._count._all ?? 0,
    lastDay: lastDay.find((d) => d.endpoint_id === endpoint.id) ?? { delivered: 0, failed: 0 },
  }));
}

export type WebhookEndpointRow = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

const LOG_PAGE_SIZE = 25;

/** One endpoint, its secrets in force (never their values) and a page of its delivery log, newest first. */
export async function getWebhookEndpointDetail(id: string, page = 1, now = new Date()) {
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id },
    include: {
      secrets: {
        where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: { id: true, createdAt: true, expiresAt: true },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  if (!endpoint) throw new AppError("NOT_FOUND", "No webhook endpoint with that id.");
  const [attempts, total, pending] = await Promise.all([
    db.webhookAttempt.findMany({
      where: { endpointId: id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * LOG_PAGE_SIZE,
      take: LOG_PAGE_SIZE,
      include: {
        delivery: {
          select: {
            id: true,
            status: true,
            eventId: true,
            event: { select: { type: true, tenantId: true } },
          },
        },
      },
    }),
    db.webhookAttempt.count({ where: { endpointId: id } }),
    db.webhookDelivery.count({ where: { endpointId: id, status: "pending" } }),
  ]);
  return {
    endpoint,
    pending,
    log: { rows: attempts, page, pageCount: Math.max(1, Math.ceil(total / LOG_PAGE_SIZE)), total },
  };
}

export type WebhookEndpointDetail = Awaited<ReturnType<typeof getWebhookEndpointDetail>>;
