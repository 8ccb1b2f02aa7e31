import { z } from "zod";
import { DAY_MS, isoDay, utcDay } from "@/lib/utc-day";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { DocumentType, type TenantStatus } from "@/lib/generated/prisma/enums";
import { daysLeft } from "./check-document-expiry";
import { likePattern } from "@/lib/text-search";
import { nameOrSlugContains } from "@/lib/tenants/name-or-slug";

export const DOCUMENT_VIEWS = {
  expiring: "Expiring soon",
  expired: "Expired",
  missing: "Missing required",
} as const;
export type DocumentView = keyof typeof DOCUMENT_VIEWS;

/** The Documents page's query (from its URL). */
export const listDocumentsSchema = z.object({
  view: z
    .enum(Object.keys(DOCUMENT_VIEWS) as [DocumentView, ...DocumentView[]], {
      error: "view is expiring, expired or missing",
    })
    .default("expiring"),
  q: z.string().trim().max(200, "Search text is at most 200 characters").optional(),
  type: z.enum(DocumentType, { error: "Choose a document type" }).optional(),
  required: z.preprocess((v) => v === "on" || v === "true", z.boolean()).default(false),
  /** "Expiring soon" within this many days instead of the largest warning offset. */
  withinDays: z.coerce.number().int().min(0, "At least 0 days").max(365, "At most 365 days").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ListDocumentsQuery = z.output<typeof listDocumentsSchema>;

/** The largest warning offset: a document due within it counts as expiring soon. */
export const expiringWithinDays = () => Math.max(...env().DOCUMENT_WARNING_DAYS);

export type Page<Row> = { rows: Row[]; total: number; page: number; pageSize: number; pageCount: number };

const pageOf = <Row>(rows: Row[], total: number, query: ListDocumentsQuery): Page<Row> => ({
  rows,
  total,
  page: query.page,
  pageSize: query.pageSize,
  pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
});

const DOCUMENT_FIELDS = {
  id: true,
  tenantId: true,
  type: true,
  customType: true,
  title: true,
  required: true,
  expiresOn: true,
  status: true,
  notes: true,
  fileName: true,
  sizeBytes: true,
  renewsId: true,
  createdAt: true,
} satisfies Prisma.TenantDocumentSelect;

type DocumentRow = Prisma.TenantDocumentGetPayload<{ select: typeof DOCUMENT_FIELDS }>;

/** A document as screens show it: its last valid day as YYYY-MM-DD and the days left to it (negative once past). */
export type DocumentSummary = Omit<DocumentRow, "expiresOn"> & { expiresOn: string; daysLeft: number };

const summarize = (document: DocumentRow, today: Date): DocumentSummary => ({
  ...document,
  expiresOn: isoDay(document.expiresOn),
  daysLeft: daysLeft(document.expiresOn, today),
});

export type CurrentDocument = DocumentSummary & {
  warnings: { offsetDays: number; daysLeft: number; sentAt: Date; closedAt: Date | null }[];
  /** The versions this one renewed, the latest first. */
  history: DocumentSummary[];
};

/**
 * A tenant's current documents (active or expired; replaced ones are history), each with the
 * warnings sent for it and the chain of versions it renewed. A tenant holds a handful of
 * documents, so the chains are followed in memory from one read.
 */
export async function getTenantDocuments(tenantId: string, now = new Date()): Promise<CurrentDocument[]> {
  const today = utcDay(now);
  const documents = await db.tenantDocument.findMany({
    where: { tenantId },
    select: {
      ...DOCUMENT_FIELDS,
      warnings: {
        select: { offsetDays: true, daysLeft: true, sentAt: true, closedAt: true },
        orderBy: { offsetDays: "desc" },
      },
    },
    orderBy: [{ expiresOn: "asc" }, { id: "asc" }],
  });
  const versions = new Map(
    documents.map(({ warnings: _warnings, ...document }) => [document.id, summarize(document, today)]),
  );
  return documents
    .filter((document) => document.status !== "replaced")
    .map((document) => {
      const history: DocumentSummary[] = [];
      for (
        let previous = versions.get(document.renewsId ?? "");
        previous;
        previous = versions.get(previous.renewsId ?? "")
      )
        history.push(previous);
      return { ...versions.get(document.id)!, warnings: document.warnings, history };
    });
}

/** A document's stored file, for download; NOT_FOUND when there is no such document or it is metadata only. */
export async function getDocumentFileOrThrow(documentId: string) {
  const document = await db.tenantDocument.findUnique({
    where: { id: documentId },
    select: { fileName: true, storagePath: true, contentType: true },
  });
  if (!document?.fileName || !document.storagePath || !document.contentType)
    throw new AppError("NOT_FOUND", "No file for that document.");
  return {
    fileName: document.fileName,
    storagePath: document.storagePath,
    contentType: document.contentType,
  };
}

export type TenantRef = { id: string; name: string; slug: string; status: TenantStatus };
export type ListedDocument = DocumentSummary & { tenant: TenantRef };
export type MissingDocuments = { tenant: TenantRef; missing: DocumentType[] };

/** Tenants gone for good are left out: they are not warned, and nothing is missing of them. */
function tenantFilter(q: string | undefined): Prisma.TenantWhereInput {
  return {
    status: { not: "cancelled" },
    ...(q ? nameOrSlugContains(q) : {}),
  };
}

/**
 * Documents expiring within the largest warning offset (soonest first), or past their last valid
 * day (latest first; still `active` until the daily check marks them). Both read a range of the
 * (status, expires_on) index.
 */
export async function listDocuments(
  query: ListDocumentsQuery & { view: "expiring" | "expired" },
  now = new Date(),
): Promise<Page<ListedDocument>> {
  const today = utcDay(now);
  const window: Prisma.TenantDocumentWhereInput =
    query.view === "expiring"
      ? {
          status: "active",
          expiresOn: {
            gte: today,
            lte: new Date(today.getTime() + (query.withinDays ?? expiringWithinDays()) * DAY_MS),
          },
        }
      : { status: { in: ["active", "expired"] }, expiresOn: { lt: today } };
  const where: Prisma.TenantDocumentWhereInput = {
    ...window,
    ...(query.type ? { type: query.type } : {}),
    ...(query.required ? { required: true } : {}),
    tenant: tenantFilter(query.q),
  };
  const [rows, total] = await Promise.all([
    db.tenantDocument.findMany({
      where,
      select: { ...DOCUMENT_FIELDS, tenant: { select: { id: true, name: true, slug: true, status: true } } },
      orderBy: [{ expiresOn: query.view === "expiring" ? "asc" : "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.tenantDocument.count({ where }),
  ]);
  return pageOf(
    rows.map(({ tenant, ...document }) => ({ ...summarize(document, today), tenant })),
    total,
    query,
  );
}

/**
 * Running tenants (active or past due) without a valid document of each required type: one
 * anti-join over tenants × required types, grouped per tenant, whatever the number of tenants
 * (the page and its count run the same join).
 */
export async function listMissingDocuments(
  query: ListDocumentsQuery,
  now = new Date(),
): Promise<Page<MissingDocuments>> {
  const required = env().DOCUMENT_REQUIRED_TYPES as DocumentType[];
  const types = query.type ? required.filter((type) => type === query.type) : required;
  if (types.length === 0) return pageOf([], 0, query);
  const search = query.q
    ? Prisma.sql`AND (t.name ILIKE ${likePattern(query.q)} OR t.slug LIKE ${likePattern(query.q.toLowerCase())})`
    : Prisma.empty;
  const missing = Prisma.sql`
    FROM tenants t
    CROSS JOIN unnest(${types}::text[]) AS rt(type)
    WHERE t.status IN ('active', 'past_due') ${search}
      AND NOT EXISTS (
        SELECT 1 FROM tenant_documents d
        WHERE d.tenant_id = t.id AND d.status = 'active' AND d.type::text = rt.type AND d.expires_on >= ${isoDay(utcDay(now))}::date
      )`;
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<(TenantRef & { missing: DocumentType[] })[]>`
      SELECT t.id, t.name, t.slug, t.status::text AS status, array_agg(rt.type ORDER BY rt.type) AS missing
      ${missing}
      GROUP BY t.id
      ORDER BY t.name, t.id
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    db.$queryRaw<{ total: bigint }[]>`SELECT COUNT(DISTINCT t.id) AS total ${missing}`,
  ]);
  return pageOf(
    rows.map(({ missing: types, ...tenant }) => ({ tenant, missing: types })),
    Number(total),
    query,
  );
}
