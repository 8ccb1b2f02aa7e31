import type { Tx } from "@/lib/db";
import { recordEvents } from "@/lib/webhooks/record-event";
import { documentState, tenantRef } from "@/lib/webhooks/resources";

/**
 * Records document events carrying each document's state as this transaction leaves it (days left
 * counted from `today`), one read and one outbox write per batch.
 */
export async function recordDocumentEvents(
  tx: Tx,
  type: "document.expiring" | "document.expired",
  documentIds: string[],
  today: Date,
): Promise<void> {
  if (documentIds.length === 0) return;
  const documents = await tx.tenantDocument.findMany({
    where: { id: { in: documentIds } },
    include: { tenant: { select: { id: true, externalId: true, slug: true } } },
  });
  await recordEvents(
    tx,
    documents.map((document) => ({
      type,
      tenantId: document.tenantId,
      data: { tenant: tenantRef(document.tenant), document: documentState(document, today) },
    })),
  );
}
