import type { Prisma, Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import { OPEN_STATUSES } from "@/lib/review/statuses";

/** Closes the open review items matching `where` that no longer need a decision, audited with why. */
export async function closeReviewItems(
  tx: Tx,
  actor: Actor,
  where: Prisma.ReviewItemWhereInput,
  note: string,
): Promise<number> {
  const closed = await tx.reviewItem.updateManyAndReturn({
    where: { ...where, status: { in: OPEN_STATUSES } },
    data: { status: "closed", closedNote: note, claimedById: null, claimedAt: null },
    select: { id: true },
  });
  await recordAudits(
    tx,
    actor,
    closed.map((item) => ({
      action: "review_item.closed",
      entityType: "review_item",
      entityId: item.id,
      after: { status: "closed", note },
    })),
  );
  return closed.length;
}
