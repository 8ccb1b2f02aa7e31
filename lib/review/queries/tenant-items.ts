import { db } from "@/lib/db";
import { OPEN_STATUSES } from "@/lib/review/statuses";

/** A tenant's latest review items (open ones first), for its page. */
export async function listTenantReviewItems(tenantId: string, take = 10) {
  const items = await db.reviewItem.findMany({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      kind: true,
      status: true,
      summary: true,
      recommendedAction: true,
      confidence: true,
      createdAt: true,
    },
  });
  const open = (status: (typeof items)[number]["status"]) => Number(OPEN_STATUSES.includes(status));
  return items.sort((a, b) => open(b.status) - open(a.status));
}

/** How many review items of a tenant are open (waiting for the engine or a person). */
export function countTenantOpenReviewItems(tenantId: string) {
  return db.reviewItem.count({ where: { tenantId, status: { in: OPEN_STATUSES } } });
}
