// What the machine routes answer. The routes build these bodies in code rather than parse them, so
// these schemas exist for the reference; tests/openapi.test.ts checks real answers against them.
import { z } from "zod";
import { DENIAL_REASONS } from "@/lib/rate-limits/decision-script";
import type { AppErrorCode } from "@/lib/errors";
import { Plan, TenantStatus } from "@/lib/generated/prisma/enums";
import { paymentIssueTypes } from "@/lib/review/intake/payment-issue-schemas";
import { tenantStateSchema } from "@/lib/webhooks/event-catalogue";

const isoTime = z.iso.datetime();
const nullableTime = isoTime.nullable();

/** Every error code a body can carry, with when it happens (a Record, so a new AppError code must be added). */
export const ERROR_CODES: Record<AppErrorCode | "INTERNAL", string> = {
  VALIDATION: "400: the request is malformed; `fields` says what is wrong with each field",
  UNAUTHENTICATED: "401: no API key, or one that is not valid (revoked, expired, mistyped)",
  FORBIDDEN: "403: the API key lacks the scope the operation needs",
  NOT_FOUND: "404: nothing has that id",
  CONFLICT: "409: the request conflicts with what exists (a taken slug, a reused idempotency key)",
  TOO_LARGE: "413: the body is larger than the endpoint accepts",
  UNPROCESSABLE:
    "422: well-formed, but not enough to act on (e.g. an unknown tenant without what creating it needs)",
  LOCKED: "423: locked for now",
  RATE_LIMITED: "429: too many requests; wait and retry",
  UNAVAILABLE: "503: a dependency is down; retry later",
  INTERNAL: "500: something failed on Steward's side; it is logged, and the body holds no details",
};

const fieldErrors = z.record(z.string(), z.array(z.string()));

/** The body of every error answer (lib/error-response.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
    message: z.string(),
    fields: fieldErrors
      .optional()
      .describe(
        'Messages per field, by dotted path ("data.tenant", "points.3.value"); "_form" for the whole body',
      ),
  }),
});

/** A tenant as the machine API answers it: its webhook state with the contact email. */
export const tenantResourceSchema = tenantStateSchema.extend({ contact_email: z.string() });

/** A row of GET /api/v1/tenants (the dashboard's own shape, camelCase). */
export const tenantListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  externalId: z.string().nullable(),
  plan: z.enum(Plan),
  status: z.enum(TenantStatus),
  contactEmail: z.string(),
  timezone: z.string(),
  statusReason: z.string().nullable(),
  statusChangedAt: nullableTime,
  billingSuspended: z.boolean(),
  /** The plan catalog version the tenant pays at, and whether it pays monthly or yearly. */
  planVersionId: z.string().nullable(),
  billingInterval: z.enum(["month", "year"]),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const tenantPageSchema = z.object({
  data: z.array(tenantListItemSchema),
  pagination: z.object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    pageCount: z.number().int(),
  }),
});

export const importReportSchema = z.object({
  totals: z.object({
    lines: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.number().int(),
  }),
  results: z.array(
    z.object({
      line: z.number().int().describe("The line's number in the body, from 1 (blank lines count)"),
      status: z.enum(["created", "updated", "unchanged", "error"]),
      id: z.string().optional().describe("The tenant's id, unless the line failed"),
      errors: fieldErrors.optional().describe("Why the line failed, per field"),
    }),
  ),
});

const tenantOutcome = z.object({ id: z.string(), status: z.enum(TenantStatus) });

export const billingEventResultSchema = z.object({
  idempotency_key: z.string(),
  type: z.enum(["trial_started", "payment_succeeded", "payment_failed", "subscription_cancelled"]),
  replayed: z.boolean().describe("True when this key was recorded before: the first result, unchanged"),
  result: z.union([
    z.object({ trial: z.object({ id: z.string(), status: z.string(), ends_at: isoTime }) }),
    z.object({
      payment: z.object({
        id: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        next_retry_at: nullableTime,
      }),
      tenant: tenantOutcome,
    }),
    z.object({
      tenant: tenantOutcome,
      cancelled_trials: z.number().int(),
      stopped_retries: z.number().int(),
    }),
  ]),
});

export const metricBatchResultSchema = z.object({
  points: z.number().int().describe("Points received"),
  buckets: z.number().int().describe("Buckets (tenant × metric × hour or day) they fell into"),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export const paymentIssueViewSchema = z.object({
  id: z.string(),
  type: z.enum(paymentIssueTypes),
  tenant: z.object({ id: z.string(), slug: z.string() }),
  status: z.string().describe("deciding until a decision stands, then the review item's status"),
  received_at: isoTime,
  due_at: isoTime,
  recommendation: z
    .object({
      engine: z.string(),
      engine_note: z.string().nullable(),
      decision: z.string().nullable(),
      action: z.string().nullable(),
      confidence: z.number().nullable(),
      reasoning: z.string().nullable(),
      policy: z.string().nullable(),
      policy_hash: z.string().nullable(),
      model: z.string().nullable(),
    })
    .nullable(),
  decision: z
    .object({
      verdict: z.string(),
      action: z.string().nullable(),
      decided_at: isoTime,
      automatic: z.boolean(),
    })
    .nullable(),
  execution: z
    .object({ status: z.string(), detail: z.string().nullable(), executed_at: nullableTime })
    .nullable(),
});

export const recordedPaymentIssueSchema = paymentIssueViewSchema.extend({ replayed: z.boolean() });

/** Why a decision refused, as the body's `reason` and the X-Steward-Reason header say it. */
export const denialReasons = [
  ...DENIAL_REASONS,
  ...Object.values(TenantStatus),
  "unknown_tenant",
  "unavailable",
  "invalid_request",
] as const;

const shadowAndDegraded = {
  shadowDenied: z
    .enum(DENIAL_REASONS)
    .optional()
    .describe("In shadow mode: what would have refused this request"),
  degraded: z.literal(true).optional().describe("Redis did not answer in time; the failure mode decided"),
};

export const decisionAllowedSchema = z.object({
  allowed: z.literal(true),
  remaining: z.number().int().nullable().describe("What is left of the tightest window (null: no limit)"),
  reset: z.number().int().nullable().describe("Seconds until the tightest window's bucket ends"),
  ...shadowAndDegraded,
});

export const decisionDeniedSchema = z.object({
  allowed: z.literal(false),
  reason: z.enum(denialReasons),
  retryAfter: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe("Seconds to wait before a retry can pass; null when waiting will not help"),
  message: z.string().optional().describe("invalid_request only: what was wrong with the headers"),
  fields: fieldErrors.optional().describe("invalid_request only: messages per header"),
  ...shadowAndDegraded,
});
