import { z } from "zod";
import { billingEventSchema } from "@/lib/billing/schemas";
import { billingEventResultSchema, errorBodySchema } from "../response-schemas";
import type { ApiOperation } from "../types";

export const billingOperations: ApiOperation[] = [
  {
    methods: ["post"],
    path: "/api/v1/billing/events",
    operationId: "recordBillingEvent",
    tag: "Billing",
    summary: "Report a billing event",
    description:
      "Your billing system reports a trial start, a payment that succeeded or failed, or a cancelled " +
      "subscription; Steward runs trials, reminders and dunning from them. `idempotency_key` makes a " +
      "redelivery safe: the same key answers the first result again (`replayed: true`), another body " +
      "under it is a 409. Name the tenant by `tenant` (its slug) or `external_id`; an event for a tenant " +
      "Steward has not seen creates it when it carries `external_id`, `name` and `contact_email`, " +
      "otherwise it is a 422 saying what is missing. `occurred_at` may be up to 90 days old. Requests " +
      "must be signed with the shared BILLING_EVENTS_SECRET (X-Steward-Timestamp, X-Steward-Signature); " +
      "only an install that set BILLING_EVENTS_UNSIGNED=true accepts unsigned ones.",
    scope: "billing:write",
    headers: [
      {
        name: "X-Steward-Timestamp",
        required: true,
        description: "The signing time in Unix seconds (±5 minutes).",
        schema: z.string().regex(/^\d+$/),
        example: "1796371200",
      },
      {
        name: "X-Steward-Signature",
        required: true,
        description:
          '`sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` keyed with BILLING_EVENTS_SECRET.',
        schema: z.string().regex(/^sha256=[0-9a-f]{64}$/),
      },
    ],
    body: {
      schema: billingEventSchema,
      example: {
        idempotency_key: "evt_1PQr5tLkdIwHu7ix",
        type: "payment_failed",
        data: {
          tenant: "acme-robotics",
          amount: 4900,
          currency: "EUR",
          provider_reference: "ch_3PQr5tLkdIwHu7ix0",
          failure_code: "insufficient_funds",
        },
      },
      fieldNotes: {
        idempotency_key: "Your billing system's event id: the same key is recorded once.",
        type: "What happened; `data` depends on it.",
        occurred_at: "When it happened (default: now); at most 90 days ago.",
        data:
          "The event's details, by type (amounts in minor units, e.g. cents). Name the tenant by `tenant` " +
          "(its slug) or `external_id`.",
      },
    },
    responses: {
      200: { description: "Recorded (or replayed): what it changed.", schema: billingEventResultSchema },
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      409: "Conflict",
      422: {
        description: "The tenant is unknown and the event does not carry what creating it needs.",
        schema: errorBodySchema,
        example: {
          error: {
            code: "UNPROCESSABLE",
            message:
              "No tenant with external_id 'org_8f14e45f'. To create it, send data.external_id, data.name, data.contact_email.",
            fields: {
              "data.contact_email": [
                "contact_email is required to create a tenant Steward does not know yet",
              ],
            },
          },
        },
      },
    },
  },
];
