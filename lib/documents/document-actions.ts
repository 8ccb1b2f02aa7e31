import { db, type Tx } from "@/lib/db";
import { dayOf, isoDay } from "@/lib/utc-day";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { TenantDocument } from "@/lib/generated/prisma/client";
import type { DocumentType } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/new-id";
import { closeReviewItems } from "@/lib/review/intake/close-items";
import { renewDocumentSchema, uploadDocumentSchema } from "./schemas";
import { inspectUpload, removeDocumentFile, storeDocumentFile, type StoredFile } from "./storage";

/** Up to 10 s for a connection and 15 s for the locks (another renewal, the expiry sweep). */
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

function auditView(document: TenantDocument) {
  return {
    type: document.type,
    customType: document.customType,
    title: document.title,
    required: document.required,
    expiresOn: isoDay(document.expiresOn),
    status: document.status,
    fileName: document.fileName,
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
  };
}

/**
 * Stores the file (checked first, so a refused upload writes nothing), then runs `write` in a
 * transaction; when that fails, the file it would have described is removed again.
 */
async function withStoredFile<T>(
  tenantId: string,
  documentId: string,
  file: File | undefined,
  write: (stored: StoredFile | null) => Promise<T>,
): Promise<T> {
  const upload = file ? await inspectUpload(file) : null;
  const stored = upload ? await storeDocumentFile(tenantId, documentId, upload) : null;
  try {
    return await write(stored);
  } catch (error) {
    if (stored) await removeDocumentFile(stored.storagePath);
    throw error;
  }
}

/** An owner records a tenant's document: a file (PDF, image, certificate) or its metadata only. */
export const uploadDocument = defineAction({
  name: "documents.upload",
  roles: ["OWNER"],
  input: uploadDocumentSchema,
  run: async (actor, input) => {
    const tenant = await db.tenant.findUnique({
      where: { id: input.tenantId },
      select: { id: true, status: true },
    });
    if (!tenant) throw new AppError("NOT_FOUND", "No tenant with that id.");
    if (tenant.status === "cancelled")
      throw new AppError("CONFLICT", "This tenant is cancelled; its documents are no longer kept.");
    const id = newId();
    return withStoredFile(tenant.id, id, input.file, (stored) =>
      db.$transaction(async (tx) => {
        const document = await tx.tenantDocument.create({
          data: {
            id,
            tenantId: tenant.id,
            type: input.type,
            customType: input.type === "custom" ? input.customType : null,
            title: input.title,
            // A type every tenant must have is required whatever the form said.
            required:
              input.required || (env().DOCUMENT_REQUIRED_TYPES as DocumentType[]).includes(input.type),
            expiresOn: dayOf(input.expiresOn),
            notes: input.notes,
            ...stored,
            uploadedById: actor.kind === "user" ? actor.id : null,
          },
        });
        await recordAudit(tx, actor, {
          action: "document.uploaded",
          entityType: "tenant",
          entityId: tenant.id,
          after: { documentId: id, ...auditView(document) },
        });
        return { id };
      }, TX_OPTIONS),
    );
  },
});

async function lockDocument(tx: Tx, id: string): Promise<TenantDocument> {
  const [locked] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM tenant_documents WHERE id = ${id} FOR NO KEY UPDATE`;
  if (!locked) throw new AppError("NOT_FOUND", "No document with that id.");
  return tx.tenantDocument.findUniqueOrThrow({ where: { id } });
}

/**
 * A renewal: a new version takes the document's place (same tenant, type and requirement), the old
 * one is kept as replaced history, its open warnings are closed, and a review item its expiry raised
 * is closed too: there is nothing left to decide.
 */
export const renewDocument = defineAction({
  name: "documents.renew",
  roles: ["OWNER"],
  input: renewDocumentSchema,
  run: async (actor, input) => {
    const current = await db.tenantDocument.findUnique({
      where: { id: input.documentId },
      select: { tenantId: true },
    });
    if (!current) throw new AppError("NOT_FOUND", "No document with that id.");
    const id = newId();
    return withStoredFile(current.tenantId, id, input.file, (stored) =>
      db.$transaction(async (tx) => {
        const previous = await lockDocument(tx, input.documentId);
        if (previous.status === "replaced")
          throw new AppError("CONFLICT", "This document was already renewed; renew its latest version.");
        const now = new Date();
        await tx.tenantDocument.update({
          where: { id: previous.id },
          data: { status: "replaced", replacedAt: now },
        });
        await tx.documentWarning.updateMany({
          where: { documentId: previous.id, closedAt: null },
          data: { closedAt: now },
        });
        const renewed = await tx.tenantDocument.create({
          data: {
            id,
            tenantId: previous.tenantId,
            type: previous.type,
            customType: previous.customType,
            title: input.title,
            required: previous.required,
            expiresOn: dayOf(input.expiresOn),
            notes: input.notes,
            ...stored,
            renewsId: previous.id,
            uploadedById: actor.kind === "user" ? actor.id : null,
          },
        });
        await closeExpiryItems(tx, actor, previous, `The document was renewed until ${input.expiresOn}.`);
        await recordAudit(tx, actor, {
          action: "document.renewed",
          entityType: "tenant",
          entityId: previous.tenantId,
          before: { documentId: previous.id, ...auditView(previous) },
          after: { documentId: id, ...auditView(renewed) },
        });
        return { id };
      }, TX_OPTIONS),
    );
  },
});

function closeExpiryItems(tx: Tx, actor: Actor, document: TenantDocument, note: string): Promise<number> {
  return closeReviewItems(
    tx,
    actor,
    { kind: "document_expired", dedupeKey: expiryItemKey(document.id) },
    note,
  );
}

/** The one review item a document's expiry raises. */
export const expiryItemKey = (documentId: string) => `document:${documentId}:expired`;
