import type { Tx } from "@/lib/db";
import { recordEvents } from "@/lib/webhooks/record-event";
import { reviewItemState, tenantRef } from "@/lib/webhooks/resources";

/**
 * Records review item events carrying each item's state as this transaction leaves it, with its
 * standing decision (the latest one a reopen has not reversed). One read and one outbox write per batch.
 */
export async function recordReviewItemEvents(
  tx: Tx,
  type: "review_item.created" | "review_item.decided" | "review_item.executed",
  itemIds: string[],
): Promise<void> {
  if (itemIds.length === 0) return;
  const items = await tx.reviewItem.findMany({
    where: { id: { in: itemIds } },
    include: {
      tenant: { select: { id: true, externalId: true, slug: true } },
      decisions: { where: { reversedAt: null }, orderBy: { decidedAt: "desc" }, take: 1 },
    },
  });
  await recordEvents(
    tx,
    items.map((item) => ({
      type,
      tenantId: item.tenantId,
      data: {
        tenant: tenantRef(item.tenant),
        review_item: reviewItemState(item, item.decisions[0] ?? null),
      },
    })),
  );
}
