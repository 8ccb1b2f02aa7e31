import { db } from "@/lib/db";
import { daysLeft, expiryReviewItem } from "@/lib/documents/check-document-expiry";
import { DAY_MS, utcDay } from "@/lib/utc-day";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/db";
import type { DocumentStatus, DocumentType } from "@/lib/generated/prisma/enums";
import { raiseReviewItems } from "@/lib/review/intake/raise-items";
import { getReviewSettings } from "@/lib/review/intake/settings";
import { seededRandom } from "./random";

/** Ids of the documents this seed creates start with this; finding one is how a second run knows to do nothing. */
const ID_PREFIX = "demo-document-";

type Draft = Prisma.TenantDocumentCreateManyInput & { id: string; expiresOn: Date };

/** Shares of running tenants that have each required type (the rest are listed as missing it). */
const HAVE = { contract: 0.9, dpa: 0.8 } as const;
const TITLES: Record<DocumentType, string[]> = {
  contract: ["Master services agreement", "Subscription agreement", "Enterprise agreement"],
  dpa: ["Data processing agreement", "DPA (GDPR art. 28)"],
  certificate: ["TLS certificate *.customer.example", "SOC 2 Type II report", "ISO 27001 certificate"],
  licence: ["Payment institution licence", "Pharmacy licence"],
  payment_mandate: ["SEPA direct debit mandate"],
  custom: ["Insurance certificate"],
};

/**
 * The documents of the demo tenants: required contracts and DPAs for most running tenants (a few
 * missing), optional certificates, licences and mandates, some renewed (history), a dozen expiring
 * within the warning window with the warnings the daily check would have sent, and a few expired —
 * the required ones with their review item. No emails: the warnings are recorded as sent.
 */
export async function seedDocumentHistory(now: Date): Promise<{ documents: number }> {
  if (await db.tenantDocument.findFirst({ where: { id: { startsWith: ID_PREFIX } }, select: { id: true } }))
    return { documents: 0 };
  const random = seededRandom(20261204);
  const today = utcDay(now);
  const tenants = await db.tenant.findMany({
    where: { status: { not: "cancelled" } },
    orderBy: { slug: "asc" },
  });
  const drafts: Draft[] = [];
  const add = (
    tenant: (typeof tenants)[number],
    type: DocumentType,
    daysLeft: number,
    required: boolean,
    renewsId?: string,
    status: DocumentStatus = "active",
  ) => {
    const titles = TITLES[type];
    const id = `${ID_PREFIX}${String(drafts.length).padStart(4, "0")}`;
    const expiresOn = new Date(today.getTime() + daysLeft * DAY_MS);
    const createdAt = new Date(Math.max(tenant.createdAt.getTime(), expiresOn.getTime() - 365 * DAY_MS));
    drafts.push({
      id,
      tenantId: tenant.id,
      type,
      customType: type === "custom" ? "Insurance" : null,
      title: titles[Math.floor(random() * titles.length)],
      required,
      expiresOn,
      status,
      renewsId,
      createdAt,
      expiredAt: status === "expired" ? new Date(expiresOn.getTime() + DAY_MS + 6 * 3_600_000) : null,
    });
    return id;
  };

  // Expiring soon and expired ones come from a spread of days; the rest are far off.
  const soon = [2, 4, 6, 9, 10, 13, 16, 21, 25, 28, 29, 30];
  const expired = [1, 3, 8, 15, 20];
  for (const tenant of tenants) {
    const running = tenant.status === "active" || tenant.status === "past_due";
    for (const type of ["contract", "dpa"] as const) {
      if (!running || random() >= HAVE[type]) continue;
      const left =
        soon.length && random() < 0.06
          ? soon.shift()!
          : expired.length && random() < 0.03
            ? -expired.shift()!
            : 60 + Math.floor(random() * 640);
      // Older tenants renewed their contract once: the replaced version stays as history.
      const renewsId =
        type === "contract" && left > 0 && tenant.createdAt < new Date(now.getTime() - 150 * DAY_MS)
          ? add(tenant, type, left - 365, true, undefined, "replaced")
          : undefined;
      add(tenant, type, left, true, renewsId, left < 0 ? "expired" : "active");
    }
    const extra = random();
    if (extra < 0.25) {
      const type = (["certificate", "licence", "payment_mandate", "custom"] as const)[
        Math.floor(random() * 4)
      ];
      const left =
        soon.length && random() < 0.2
          ? soon.shift()!
          : expired.length && random() < 0.05
            ? -expired.shift()!
            : 30 + Math.floor(random() * 400);
      add(tenant, type, left, type === "licence", undefined, left < 0 ? "expired" : "active");
    }
  }
  for (const draft of drafts)
    if (draft.status === "replaced")
      draft.replacedAt = drafts.find((d) => d.renewsId === draft.id)?.createdAt ?? now;

  await db.$transaction(
    async (tx) => {
      await tx.tenantDocument.createMany({ data: drafts });
      await tx.documentWarning.createMany({ data: drafts.flatMap((draft) => sentWarnings(draft, today)) });
      const expiredRequired = await tx.tenantDocument.findMany({
        where: { id: { startsWith: ID_PREFIX }, status: "expired", required: true },
        include: { tenant: true },
      });
      await raiseReviewItems(tx, expiredRequired.map(expiryReviewItem), await getReviewSettings(), now);
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  return { documents: drafts.length };
}

/**
 * The warnings the daily check sent: each offset reached by today on its day, except those before
 * the document existed — of those only the latest, sent the day it was added (as the check does for
 * a document added late). A renewal closed the old version's.
 */
function sentWarnings(draft: Draft, today: Date): Prisma.DocumentWarningCreateManyInput[] {
  const createdAt = draft.createdAt as Date;
  const reached = env().DOCUMENT_WARNING_DAYS.filter((offset) => offset >= daysLeft(draft.expiresOn, today));
  const onTime = (offset: number) => new Date(draft.expiresOn.getTime() - offset * DAY_MS + 6 * 3_600_000);
  const current = Math.min(...reached);
  return reached
    .filter((offset) => offset === current || onTime(offset) >= createdAt)
    .map((offset) => {
      const sentAt = onTime(offset) >= createdAt ? onTime(offset) : createdAt;
      return {
        documentId: draft.id,
        offsetDays: offset,
        daysLeft: daysLeft(draft.expiresOn, utcDay(sentAt)),
        sentAt,
        closedAt: draft.status === "replaced" ? (draft.replacedAt as Date) : null,
      };
    });
}
