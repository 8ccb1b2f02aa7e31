import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/idempotency/idempotency-keys";
import { EVENT_CATALOGUE, tenantStateSchema } from "@/lib/webhooks/event-catalogue";
import type { OpenApiHeader, OpenApiParameter, OpenApiResponse } from "./types";
import { schemaRef, toJsonSchema, type SchemaNames } from "./json-schema";
import {
  decisionAllowedSchema,
  decisionDeniedSchema,
  errorBodySchema,
  paymentIssueViewSchema,
  tenantListItemSchema,
  tenantResourceSchema,
} from "./response-schemas";

const catalogueShape = (type: keyof typeof EVENT_CATALOGUE) =>
  (EVENT_CATALOGUE[type].data as z.ZodObject).shape;

/**
 * Schemas written once under components.schemas and referenced by name: the error body, the
 * resources answers and events share (taken from the event catalogue itself).
 */
export const SCHEMA_NAMES: SchemaNames = new Map<z.ZodType, string>([
  [errorBodySchema, "Error"],
  [tenantResourceSchema, "Tenant"],
  [tenantListItemSchema, "TenantListItem"],
  [paymentIssueViewSchema, "PaymentIssue"],
  [decisionAllowedSchema, "DecisionAllowed"],
  [decisionDeniedSchema, "DecisionDenied"],
  [tenantStateSchema, "TenantState"],
  [catalogueShape("trial.started").tenant, "TenantRef"],
  [catalogueShape("trial.started").trial, "TrialState"],
  [catalogueShape("payment.failed").payment, "PaymentState"],
  [catalogueShape("anomaly.opened").anomaly, "AnomalyState"],
  [catalogueShape("review_item.created").review_item, "ReviewItemState"],
  [catalogueShape("document.expiring").document, "DocumentState"],
]);

export const SECURITY_SCHEME = "apiKey";

export const securitySchemes = {
  [SECURITY_SCHEME]: {
    type: "http" as const,
    scheme: "bearer" as const,
    description:
      "An API key from Settings > API keys (`stw_…`, shown once), sent as `Authorization: Bearer <key>`. " +
      "Each key holds scopes; each operation names the one it needs.",
  },
};

const text = z.string();
const seconds = z.number().int().min(0);

/** Response headers, referenced by name from responses. */
export const headers: Record<string, OpenApiHeader> = {
  "RateLimit-Limit": {
    description:
      "The tightest window's limit (IETF RateLimit header fields draft). Absent when no limit applies.",
    schema: toJsonSchema(seconds),
  },
  "RateLimit-Remaining": {
    description: "Requests left in that window after this one.",
    schema: toJsonSchema(seconds),
  },
  "RateLimit-Reset": {
    description: "Seconds until that window's bucket ends.",
    schema: toJsonSchema(seconds),
  },
  "Retry-After": {
    description: "Seconds to wait before a retry can pass; sent when waiting helps (limit, ban, outage).",
    schema: toJsonSchema(seconds),
  },
  "X-Steward-Reason": {
    description:
      "On a denial, why (the body's `reason`): limit, denylist, banned, a refused tenant status (suspended, " +
      "cancelled, …), unknown_tenant, unavailable or invalid_request. Gateways map it to their answer.",
    schema: toJsonSchema(text),
  },
  ETag: {
    description:
      "The document's version; send it back as If-None-Match to get a 304 when it has not changed.",
    schema: toJsonSchema(text),
  },
  "Cache-Control": { description: "How long a copy may be reused.", schema: toJsonSchema(text) },
  "Idempotent-Replayed": {
    description: "`true` when the answer is the stored answer to an earlier request with the same key.",
    schema: toJsonSchema(z.literal("true")),
  },
};

/** The headers of every webhook delivery (Standard Webhooks). */
const webhookHeaders: Record<string, OpenApiParameter> = {
  WebhookId: {
    name: "webhook-id",
    in: "header",
    required: true,
    description:
      "The event's id (`msg_…`), the same on every attempt and redelivery: drop an id you have processed.",
    schema: toJsonSchema(text),
    example: "msg_2x8kq0m1c3v5b7n9",
  },
  WebhookTimestamp: {
    name: "webhook-timestamp",
    in: "header",
    required: true,
    description: "When this attempt was signed, in Unix seconds; refuse one far from your clock (replays).",
    schema: toJsonSchema(z.string().regex(/^\d+$/)),
    example: "1796371200",
  },
  WebhookSignature: {
    name: "webhook-signature",
    in: "header",
    required: true,
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, one per ' +
      "secret in force (two during a rotation's overlap). The key is the endpoint secret's base64 part " +
      "after `whsec_`; any Standard Webhooks library (npm `standardwebhooks`) verifies it.",
    schema: toJsonSchema(text),
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  },
};

export const parameters: Record<string, OpenApiParameter> = {
  ...webhookHeaders,
  IdempotencyKey: {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description:
      "Makes the write safe to retry (kept 24 hours per API key): the same key with the same request " +
      "answers the first 2xx response again with `Idempotent-Replayed: true`; the same key with another " +
      "body, method or path is a 409, and so is a second request while the first still runs. A failed " +
      "request does not use up its key.",
    schema: toJsonSchema(idempotencyKeySchema),
    example: "4f0c2a9e-6d1b-4c51-9b0e-2f3a7c8d9e10",
  },
};

const errorContent = (example: { code: string; message: string; fields?: Record<string, string[]> }) => ({
  "application/json": { schema: { $ref: schemaRef("Error") }, example: { error: example } },
});

/** The error answers every machine route shares. */
export const responses: Record<string, OpenApiResponse> = {
  ValidationError: {
    description: "The request is malformed: a message per field.",
    content: errorContent({
      code: "VALIDATION",
      message: "Some fields are invalid.",
      fields: { contact_email: ["Enter a valid email address"] },
    }),
  },
  Unauthorized: {
    description: "No API key, or one that is not valid.",
    content: errorContent({ code: "UNAUTHENTICATED", message: "This API key is not valid." }),
  },
  Forbidden: {
    description: "The API key lacks the operation's scope.",
    content: errorContent({ code: "FORBIDDEN", message: "This API key lacks the 'tenants:write' scope." }),
  },
  NotFound: {
    description: "Nothing has that id.",
    content: errorContent({ code: "NOT_FOUND", message: "No tenant with that id, external id or slug." }),
  },
  Conflict: {
    description: "The request conflicts with what exists, or reuses an idempotency key for another request.",
    content: errorContent({
      code: "CONFLICT",
      message:
        "This Idempotency-Key was already used for a different request (another body, method or path).",
    }),
  },
  TooManyRequests: {
    description:
      "The API key used up its requests for the minute (Steward's own limit, set by the owner in " +
      "Settings > Own limits); every answer carries the RateLimit-* headers, a refusal Retry-After too.",
    headers: Object.fromEntries(
      ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"].map((name) => [
        name,
        { $ref: `#/components/headers/${name}` },
      ]),
    ),
    content: errorContent({
      code: "RATE_LIMITED",
      message: "This API key made too many requests; retry later.",
    }),
  },
  InternalError: {
    description: "Something failed on Steward's side; it is logged and the body holds no details.",
    content: errorContent({
      code: "INTERNAL",
      message: "Something went wrong on our side. It has been logged.",
    }),
  },
};
