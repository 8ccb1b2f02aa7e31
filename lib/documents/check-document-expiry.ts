import { db, type Tx } from "@/lib/db";
import { DAY_MS, isoDay, utcDay } from "@/lib/utc-day";
import { listActiveOwners } from "@/lib/users/queries";
import { systemActor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import type { Tenant, TenantDocument } from "@/lib/generated/prisma/client";
import { raiseNotification, type NewNotification } from "@/lib/notifications/raise-notification";
import { appLink } from "@/lib/email/app-link";
import { queueEmailJobs, recordEmails } from "@/lib/email/queue-email";
import type { QueueEmailInput } from "@/lib/email/schemas";
import { raiseReviewItems, requestDecisions, type NewReviewItem } from "@/lib/review/intake/raise-items";
import { getReviewSettings } from "@/lib/review/intake/settings";
import { expiryItemKey } from "./document-actions";
import { documentLabel } from "./document-label";
import { recordDocumentEvents } from "./record-document-events";

const BATCH = 500;
const ACTOR = systemActor("document-expiry");
const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 };

type Owner = { id: string; email: string };
export type DocumentWithTenant = TenantDocument & { tenant: Tenant };

/** Days from `today` to a document's last valid day: 0 on that day itself. */
export const daysLeft = (expiresOn: Date, today: Date) =>
  Math.round((expiresOn.getTime() - today.getTime()) / DAY_MS);

/**
 * Which documents each warning is for, by days left: a document is due the smallest offset it has
 * reached, so one added 10 days before its expiry gets the 14-day warning (worded "in 10 days"),
 * never the 30-day one late. With 30, 14 and 7: 0–7 days left → 7, 8–14 → 14, 15–30 → 30.
 */
export function warningBands(
  offsets: readonly number[],
): { offset: number; minLeft: number; maxLeft: number }[] {
  const ascending = [...offsets].sort((a, b) => a - b);
  return ascending.map((offset, i) => ({
    offset,
    minLeft: i === 0 ? 0 : ascending[i - 1] + 1,
    maxLeft: offset,
  }));
}

const inDays = (left: number) => (left === 0 ? "today" : left === 1 ? "tomorrow" : `in ${left} days`);

function warningEmails(
  document: DocumentWithTenant,
  offset: number,
  left: number,
  owners: Owner[],
): QueueEmailInput[] {
  const { tenant } = document;
  const variables = {
    tenantName: tenant.name,
    document: documentLabel(document),
    expiresOn: isoDay(document.expiresOn),
    expiresIn: inDays(left),
  };
  const key = `document-warning:${document.id}:${offset}`;
  return [
    {
      templateKey: "document_expiring",
      to: { encrypted: tenant.contactEmailEncrypted, digest: tenant.contactEmailDigest },
      variables,
      dedupeKey: `${key}:contact`,
    },
    ...owners.map((owner) => ({
      templateKey: "document_expiring_owner",
      to: owner.email,
      variables: { ...variables, link: appLink(`/tenants/${tenant.id}/health`) },
      dedupeKey: `${key}:owner:${owner.id}`,
    })),
  ];
}

/**
 * Records the warnings due today, each at most once per document and offset (a unique key: a second
 * run, or two at once, send nothing more), with their emails to the tenant's contact and the owners.
 */
async function sendWarnings(today: Date, now: Date, owners: Owner[]): Promise<number> {
  let warned = 0;
  for (const band of warningBands(env().DOCUMENT_WARNING_DAYS)) {
    for (let after = ""; ;) {
      const documents = await db.tenantDocument.findMany({
        where: {
          status: "active",
          expiresOn: {
            gte: new Date(today.getTime() + band.minLeft * DAY_MS),
            lte: new Date(today.getTime() + band.maxLeft * DAY_MS),
          },
          warnings: { none: { offsetDays: band.offset } },
          tenant: { status: { not: "cancelled" } },
          id: { gt: after },
        },
        include: { tenant: true },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      if (documents.length === 0) break;
      after = documents.at(-1)!.id;
      const toQueue = await db.$transaction(async (tx) => {
        // Still active, and held so: a renewal committed since the read gets no warning for the version it replaced.
        const stillActive = await tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM tenant_documents WHERE id = ANY(${documents.map((d) => d.id)}) AND status = 'active' FOR SHARE`;
        const active = new Set(stillActive.map((row) => row.id));
        // Checked again by the unique key: of two runs at once, one records each warning.
        const created = await tx.documentWarning.createManyAndReturn({
          data: documents
            .filter((document) => active.has(document.id))
            .map((document) => ({
              documentId: document.id,
              offsetDays: band.offset,
              daysLeft: daysLeft(document.expiresOn, today),
              sentAt: now,
            })),
          skipDuplicates: true,
          select: { documentId: true, daysLeft: true },
        });
        await recordDocumentEvents(
          tx,
          "document.expiring",
          created.map((warning) => warning.documentId),
          today,
        );
        const byId = new Map(documents.map((document) => [document.id, document]));
        warned += created.length;
        return (
          await recordEmails(
            created.flatMap((warning) =>
              warningEmails(byId.get(warning.documentId)!, band.offset, warning.daysLeft, owners),
            ),
            tx,
          )
        ).toQueue;
      }, TX_OPTIONS);
      await queueEmailJobs(toQueue);
    }
  }
  return warned;
}

/** Marks one batch of documents past their last valid day as expired; returns them with their tenants. */
async function expireBatch(tx: Tx, today: Date, now: Date): Promise<DocumentWithTenant[]> {
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    UPDATE tenant_documents SET status = 'expired', expired_at = ${now.toISOString()}::timestamp, updated_at = ${now.toISOString()}::timestamp
    WHERE id IN (
      SELECT id FROM tenant_documents WHERE status = 'active' AND expires_on < ${isoDay(today)}::date
      ORDER BY expires_on, id LIMIT ${BATCH} FOR NO KEY UPDATE SKIP LOCKED
    ) AND status = 'active'
    RETURNING id`;
  return tx.tenantDocument.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    include: { tenant: true },
    orderBy: { expiresOn: "asc" },
  });
}

/**
 * The expired documents whose tenant has no other valid document of the same type (one uploaded
 * anew rather than as a renewal): only those leave the tenant without what it must have.
 */
async function withoutValidReplacement(
  tx: Tx,
  documents: DocumentWithTenant[],
  today: Date,
): Promise<DocumentWithTenant[]> {
  if (documents.length === 0) return [];
  const valid = await tx.tenantDocument.findMany({
    where: {
      status: "active",
      expiresOn: { gte: today },
      OR: documents.map((d) => ({ tenantId: d.tenantId, type: d.type, customType: d.customType })),
    },
    select: { tenantId: true, type: true, customType: true },
  });
  const covered = new Set(valid.map((d) => `${d.tenantId}:${d.type}:${d.customType ?? ""}`));
  return documents.filter((d) => !covered.has(`${d.tenantId}:${d.type}:${d.customType ?? ""}`));
}

/** The suspension recommendation a required document's expiry raises, with the document as its evidence. */
export function expiryReviewItem(document: DocumentWithTenant): NewReviewItem {
  return {
    kind: "document_expired",
    tenantId: document.tenantId,
    source: "documents.expiry",
    summary: `${document.tenant.name}: required ${documentLabel(document)} expired on ${isoDay(document.expiresOn)}`,
    evidence: {
      documentId: document.id,
      type: document.type,
      customType: document.customType,
      title: document.title,
      required: true,
      expiresOn: isoDay(document.expiresOn),
      fileName: document.fileName,
      sha256: document.sha256,
    },
    dedupeKey: expiryItemKey(document.id),
  };
}

/**
 * Documents past their last valid day become expired; owners are told by email and in the app, and
 * a required document of a tenant still running raises a suspension recommendation for review,
 * with the document as its evidence.
 */
async function expireDocuments(
  today: Date,
  now: Date,
  owners: Owner[],
): Promise<{ expired: number; raised: number }> {
  const settings = await getReviewSettings();
  let expired = 0;
  let raised = 0;
  for (;;) {
    const { documents, toQueue, itemIds } = await db.$transaction(async (tx) => {
      const documents = await expireBatch(tx, today, now);
      await recordDocumentEvents(
        tx,
        "document.expired",
        documents.map((document) => document.id),
        today,
      );
      const emails = documents.flatMap((document) =>
        owners.map((owner) => ({
          templateKey: "document_expired",
          to: owner.email,
          variables: {
            tenantName: document.tenant.name,
            document: documentLabel(document),
            expiresOn: isoDay(document.expiresOn),
            required: document.required
              ? "It is required: a suspension was recommended for review."
              : "It is not required.",
            link: appLink(`/tenants/${document.tenantId}/health`),
          },
          dedupeKey: `document-expired:${document.id}:owner:${owner.id}`,
        })),
      );
      const itemIds = await raiseReviewItems(
        tx,
        (
          await withoutValidReplacement(
            tx,
            documents.filter((document) => document.required && document.tenant.status !== "cancelled"),
            today,
          )
        ).map(expiryReviewItem),
        settings,
        now,
      );
      await recordAudits(tx, ACTOR, [
        ...documents.map((document) => ({
          action: "document.expired",
          entityType: "tenant",
          entityId: document.tenantId,
          after: {
            documentId: document.id,
            title: document.title,
            expiresOn: isoDay(document.expiresOn),
            required: document.required,
          },
        })),
        ...itemIds.map((id) => ({
          action: "review_item.raised",
          entityType: "review_item",
          entityId: id,
          after: { kind: "document_expired" },
        })),
      ]);
      return { documents, toQueue: (await recordEmails(emails, tx)).toQueue, itemIds };
    }, TX_OPTIONS);
    if (documents.length === 0) return { expired, raised };
    expired += documents.length;
    raised += itemIds.length;
    await queueEmailJobs(toQueue);
    if (itemIds.length) await requestDecisions();
    for (const notification of documents.map(expiredNotification)) await raiseNotification(notification);
  }
}

function expiredNotification(document: DocumentWithTenant): NewNotification {
  return {
    severity: document.required ? "critical" : "warning",
    title: `${document.required ? "Required document" : "Document"} expired: ${document.tenant.name}`,
    body: `${documentLabel(document)} expired on ${isoDay(document.expiresOn)}.${document.required ? " A suspension was recommended for review." : ""}`,
    link: `/tenants/${document.tenantId}/health`,
    dedupeKey: `document-expired:${document.id}`,
    alertClass: "document_expired",
  };
}

/** The daily check: warnings first (a document on its last day is still warned), then expiries. */
export async function checkDocumentExpiry(
  now: Date,
  onProgress?: (percent: number) => unknown,
): Promise<{ warned: number; expired: number; raised: number }> {
  const today = utcDay(now);
  const owners = await listActiveOwners();
  const warned = await sendWarnings(today, now, owners);
  await onProgress?.(50);
  const { expired, raised } = await expireDocuments(today, now, owners);
  await onProgress?.(100);
  return { warned, expired, raised };
}
