import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BillingActivityKind } from "@/lib/generated/prisma/enums";
import { nameOrSlugContains } from "@/lib/tenants/name-or-slug";
import { likePattern } from "@/lib/text-search";
import { PAYMENT_OUTCOME_KINDS, type ListPaymentsInput } from "./schemas";

/** Rows per page of both lists: a page fits a laptop screen with room for the other list. */
export const PAYMENTS_PAGE_SIZE = 20;

const tenantSummary = { select: { id: true, name: true, slug: true, status: true } } as const;

const pageCountOf = (total: number) => Math.max(1, Math.ceil(total / PAYMENTS_PAGE_SIZE));

/** One page of the payments dunning is retrying, next retry first, of the tenants `q` finds. */
export async function listPaymentsInRecovery(input: Pick<ListPaymentsInput, "q" | "rpage">) {
  const where: Prisma.PaymentWhereInput = {
    status: "retrying",
    ...(input.q ? { tenant: nameOrSlugContains(input.q) } : {}),
  };
  const [rows, total] = await Promise.all([
    db.payment.findMany({
      where,
      orderBy: [{ nextRetryAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip: (input.rpage - 1) * PAYMENTS_PAGE_SIZE,
      take: PAYMENTS_PAGE_SIZE,
      select: {
        id: true,
        amountMinor: true,
        currency: true,
        attemptCount: true,
        failureCode: true,
        firstFailedAt: true,
        nextRetryAt: true,
        tenant: tenantSummary,
      },
    }),
    db.payment.count({ where }),
  ]);
  return { rows, total, page: input.rpage, pageCount: pageCountOf(total) };
}

export type PaymentOutcome = {
  id: string;
  kind: BillingActivityKind;
  summary: string;
  actorLabel: string;
  createdAt: Date;
  tenantId: string;
  tenantName: string;
  amountMinor: number | null;
  currency: string | null;
};

/**
 * One page of payment outcomes from every tenant's timeline, newest first, of one outcome and the
 * tenants `q` finds. Each kind's newest rows come from the (kind, created_at) index and are merged,
 * so a page never sorts the whole history.
 */
export async function listPaymentOutcomes(input: Pick<ListPaymentsInput, "q" | "outcome" | "page">) {
  const kinds = input.outcome ? [input.outcome] : PAYMENT_OUTCOME_KINDS;
  const offset = (input.page - 1) * PAYMENTS_PAGE_SIZE;
  const tenantFilter = input.q
    ? Prisma.sql`AND tenant_id IN (SELECT id FROM tenants WHERE name ILIKE ${likePattern(input.q)} OR slug LIKE ${likePattern(input.q.toLowerCase())})`
    : Prisma.empty;
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<PaymentOutcome[]>`
      SELECT a.id, a.kind::text AS kind, a.summary, a.actor_label AS "actorLabel", a.created_at AS "createdAt",
             tn.id AS "tenantId", tn.name AS "tenantName", p.amount_minor AS "amountMinor", p.currency
      FROM unnest(${kinds}::"BillingActivityKind"[]) AS k(kind)
      CROSS JOIN LATERAL (
        SELECT * FROM billing_activities WHERE kind = k.kind ${tenantFilter}
        ORDER BY created_at DESC, id DESC LIMIT ${offset + PAYMENTS_PAGE_SIZE}
      ) a
      JOIN tenants tn ON tn.id = a.tenant_id
      LEFT JOIN payments p ON p.id = a.payment_id
      ORDER BY a.created_at DESC, a.id DESC
      OFFSET ${offset} LIMIT ${PAYMENTS_PAGE_SIZE}`,
    db.$queryRaw<{ total: number }[]>`
      SELECT count(*)::int AS total FROM billing_activities
      WHERE kind = ANY(${kinds}::"BillingActivityKind"[]) ${tenantFilter}`,
  ]);
  return { rows, total, page: input.page, pageCount: pageCountOf(total) };
}
