import { createHash } from "node:crypto";
import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { formatMoney } from "@/lib/billing/format";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { ReviewDecision, ReviewItem } from "@/lib/generated/prisma/client";
import type {
  ReviewAction,
  ReviewEngine,
  ReviewExecutionStatus,
  ReviewVerdict,
} from "@/lib/generated/prisma/enums";
import {
  objectErrors,
  PAYMENT_ISSUE_KIND,
  paymentIssueDetails,
  paymentIssueTypes,
  type PaymentIssueEvidence,
  type PaymentIssueType,
} from "./payment-issue-schemas";
import { raiseReviewItems, requestDecisions } from "./raise-items";
import { getReviewSettings } from "./settings";

const DAY = 86_400_000;
/** The platform may report late, but an issue from the future is a clock or data error. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_ISSUE_AGE_MS = 90 * DAY;

const envelope = {
  idempotency_key: z
    .string({ error: "idempotency_key is required (1–200 characters)" })
    .trim()
    .min(1, "idempotency_key is required (1–200 characters)")
    .max(200, "idempotency_key is at most 200 characters"),
  tenant: z
    .string({ error: "tenant is required (the tenant's id or slug)" })
    .trim()
    .min(1, "tenant is required (the tenant's id or slug)")
    .max(64, "tenant is at most 64 characters"),
  // One instant has many spellings (offsets); stored and compared in UTC.
  occurred_at: z.iso
    .datetime({ offset: true, error: "occurred_at must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z" })
    .transform((at) => new Date(at).toISOString())
    .optional(),
};

const issueOfType = <T extends PaymentIssueType>(type: T) => {
  const shape = {
    idempotency_key: envelope.idempotency_key,
    type: z.literal(type),
    tenant: envelope.tenant,
    details: paymentIssueDetails[type],
    occurred_at: envelope.occurred_at,
  };
  return z.strictObject(shape, { error: objectErrors("a payment issue", Object.keys(shape)) });
};

/** A payment issue the platform reports: `{ idempotency_key, type, tenant, details, occurred_at? }`, details per type. */
export const paymentIssueRequestSchema = z
  .looseObject(
    {},
    { error: "The body must be a JSON object: { idempotency_key, type, tenant, details, occurred_at? }" },
  )
  .pipe(
    z.discriminatedUnion(
      "type",
      [
        issueOfType("decline"),
        issueOfType("missed_installment"),
        issueOfType("dispute"),
        issueOfType("refund_request"),
      ],
      {
        error: `type must be one of ${paymentIssueTypes.join(", ")}`,
      },
    ),
  );

export type PaymentIssueRequest = z.output<typeof paymentIssueRequestSchema>;
/** An issue's type with its details, whatever else the request carried. */
export type PaymentIssueBody = {
  [T in PaymentIssueRequest["type"]]: Pick<Extract<PaymentIssueRequest, { type: T }>, "type" | "details">;
}[PaymentIssueRequest["type"]];

export const paymentIssueIdSchema = z.strictObject({
  id: z.string().min(1, "id is required").max(64, "id is at most 64 characters"),
});

/** What POST and GET /api/v1/payment-issues answer (snake_case, as the platform reads it). */
export type PaymentIssueView = {
  id: string;
  type: PaymentIssueType;
  tenant: { id: string; slug: string };
  status: "deciding" | Exclude<ReviewItem["status"], "pending">;
  received_at: string;
  due_at: string;
  recommendation: null | {
    engine: ReviewEngine;
    engine_note: string | null;
    decision: string | null;
    action: ReviewAction | null;
    confidence: number | null;
    reasoning: string | null;
    policy: string | null;
    policy_hash: string | null;
    model: string | null;
  };
  decision: null | {
    verdict: ReviewVerdict;
    action: ReviewAction | null;
    decided_at: string;
    automatic: boolean;
  };
  execution: null | { status: ReviewExecutionStatus; detail: string | null; executed_at: string | null };
};

const TYPE_OF_KIND = Object.fromEntries(
  Object.entries(PAYMENT_ISSUE_KIND).map(([type, kind]) => [kind, type]),
) as Record<string, PaymentIssueType>;
const KINDS = Object.values(PAYMENT_ISSUE_KIND);

type StoredIssue = ReviewItem & { tenant: { id: string; slug: string }; decisions: ReviewDecision[] };

function toView(item: StoredIssue): PaymentIssueView {
  const decision = item.decisions[0] ?? null;
  return {
    id: item.id,
    type: TYPE_OF_KIND[item.kind],
    tenant: { id: item.tenant.id, slug: item.tenant.slug },
    status: item.status === "pending" ? "deciding" : item.status,
    received_at: item.createdAt.toISOString(),
    due_at: item.dueAt.toISOString(),
    recommendation: item.engine
      ? {
          engine: item.engine,
          engine_note: item.engineNote,
          decision: item.recommendedDecision,
          action: item.recommendedAction,
          confidence: item.confidence,
          reasoning: item.reasoning,
          policy: item.policyApplied,
          policy_hash: item.policyHash,
          model: item.engineModel,
        }
      : null,
    decision: decision && {
      verdict: decision.verdict,
      action: decision.action,
      decided_at: decision.decidedAt.toISOString(),
      automatic: decision.verdict === "auto_executed",
    },
    execution: decision?.executionStatus
      ? {
          status: decision.executionStatus,
          detail: decision.executionDetail,
          executed_at: decision.executedAt?.toISOString() ?? null,
        }
      : null,
  };
}

/**
 * A payment issue as the platform sees it: its routing, the engine's recommendation, and the
 * latest decision still standing (a reopened item's reversed decision no longer counts) with its
 * execution. NOT_FOUND for an unknown id or a review item that is not a payment issue.
 */
export async function getPaymentIssue(id: string): Promise<PaymentIssueView> {
  const item = await db.reviewItem.findFirst({
    where: { id, kind: { in: KINDS } },
    include: {
      tenant: { select: { id: true, slug: true } },
      decisions: { where: { reversedAt: null }, orderBy: [{ decidedAt: "desc" }, { id: "desc" }], take: 1 },
    },
  });
  if (!item) throw new AppError("NOT_FOUND", "No payment issue with that id.");
  return toView(item);
}

const dedupeKeyOf = (request: PaymentIssueRequest) => `payment-issue:${request.idempotency_key}`;

// Canonical: the validated request in schema order with the tenant resolved to its id, so key
// order, whitespace, offsets, or naming the tenant by slug rather than id is not a "different" body.
const hashOf = (request: PaymentIssueRequest, tenantId: string) =>
  createHash("sha256")
    .update(JSON.stringify({ ...request, tenant: tenantId }))
    .digest("hex");

type RecordedIssue = { replayed: boolean; issue: PaymentIssueView };

async function replayOrConflict(request: PaymentIssueRequest): Promise<RecordedIssue | null> {
  const stored = await db.reviewItem.findUnique({
    where: { dedupeKey: dedupeKeyOf(request) },
    select: { id: true, requestHash: true, tenant: { select: { id: true, slug: true } } },
  });
  if (!stored) return null;
  const sameTenant =
    request.tenant === stored.tenant.id || request.tenant.toLowerCase() === stored.tenant.slug;
  if (!sameTenant || stored.requestHash !== hashOf(request, stored.tenant.id)) {
    throw new AppError(
      "CONFLICT",
      `idempotency_key '${request.idempotency_key}' was already used for a different payment issue.`,
    );
  }
  return { replayed: true, issue: await getPaymentIssue(stored.id) };
}

/**
 * Times checked against the caller's clock rather than in the schema (tests move the clock). Days
 * are the platform's calendar days: a zone ahead of UTC may already be a day further.
 */
function checkTimes(request: PaymentIssueRequest, now: Date): void {
  const fields: FieldErrors = {};
  const at = request.occurred_at ? new Date(request.occurred_at).getTime() : null;
  if (at !== null && at > now.getTime() + MAX_CLOCK_SKEW_MS)
    fields.occurred_at = ["occurred_at is in the future"];
  if (at !== null && at < now.getTime() - MAX_ISSUE_AGE_MS)
    fields.occurred_at = ["occurred_at is more than 90 days ago"];
  const latestDay = new Date(now.getTime() + DAY).toISOString().slice(0, 10);
  if (request.type === "missed_installment" && request.details.due_date > latestDay)
    fields["details.due_date"] = ["due_date is in the future: an installment is missed only once it is due"];
  if (request.type === "refund_request" && request.details.paid_on > latestDay)
    fields["details.paid_on"] = ["paid_on is in the future"];
  if (Object.keys(fields).length > 0) throw new AppError("VALIDATION", "Some fields are invalid.", fields);
}

async function tenantNamed(reference: string) {
  const found = await db.tenant.findMany({
    where: { OR: [{ id: reference }, { slug: reference.toLowerCase() }] },
    select: { id: true, slug: true, name: true },
    take: 2,
  });
  const tenant = found.find((t) => t.id === reference) ?? found[0];
  if (!tenant)
    throw new AppError("NOT_FOUND", `No tenant with id or slug '${reference}'.`, {
      tenant: [`No tenant with id or slug '${reference}'`],
    });
  return tenant;
}

/** "Acme: dispute of €49.00 (fraudulent)": what the queue and notifications show. */
export function paymentIssueSummary(tenantName: string, request: PaymentIssueBody): string {
  const money = formatMoney(request.details.amount, request.details.currency);
  switch (request.type) {
    case "decline":
      return `${tenantName}: decline of ${money} (${request.details.decline_code}, attempt ${request.details.attempt})`;
    case "missed_installment":
      return `${tenantName}: missed installment of ${money} (no. ${request.details.installment}, due ${request.details.due_date})`;
    case "dispute":
      return `${tenantName}: dispute of ${money} (${request.details.reason.replaceAll("_", " ")})`;
    case "refund_request":
      return `${tenantName}: refund request of ${money} (paid ${request.details.paid_on})`;
  }
}

/**
 * Records a payment issue as a review item for the decision engine, exactly once per idempotency
 * key: a replay of the same body answers the issue as it is now, another body under the key is a
 * conflict. Deliveries racing with one key create one item (the key is unique); the others wait on
 * it and replay. The item and its audit entry commit together; the worker is asked to decide after.
 */
export async function recordPaymentIssue(
  actor: Actor,
  request: PaymentIssueRequest,
  now = new Date(),
): Promise<RecordedIssue> {
  const earlier = await replayOrConflict(request);
  if (earlier) return earlier;
  checkTimes(request, now);
  const tenant = await tenantNamed(request.tenant);
  const settings = await getReviewSettings();
  const kind = PAYMENT_ISSUE_KIND[request.type];
  const summary = paymentIssueSummary(tenant.name, request);
  const evidence: PaymentIssueEvidence = {
    type: request.type,
    details: request.details,
    occurredAt: request.occurred_at ?? null,
  };
  const createdId = await db.$transaction(async (tx) => {
    const [id] = await raiseReviewItems(
      tx,
      [
        {
          kind,
          tenantId: tenant.id,
          source: "api.payment-issues",
          summary,
          evidence: evidence as Prisma.InputJsonObject,
          dedupeKey: dedupeKeyOf(request),
          requestHash: hashOf(request, tenant.id),
        },
      ],
      settings,
      now,
    );
    if (id) {
      await recordAudit(tx, actor, {
        action: "review_item.raised",
        entityType: "review_item",
        entityId: id,
        after: {
          kind,
          source: "api.payment-issues",
          tenantId: tenant.id,
          idempotencyKey: request.idempotency_key,
          summary,
        },
      });
    }
    return id ?? null;
  });
  if (!createdId) {
    // Another delivery of the key committed first.
    const raced = await replayOrConflict(request);
    if (raced) return raced;
    throw new AppError(
      "CONFLICT",
      `Another delivery of idempotency_key '${request.idempotency_key}' is being recorded; send it again.`,
    );
  }
  await requestDecisions();
  return { replayed: false, issue: await getPaymentIssue(createdId) };
}
