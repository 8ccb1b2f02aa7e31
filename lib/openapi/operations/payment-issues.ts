import { paymentIssueIdSchema, paymentIssueRequestSchema } from "@/lib/review/intake/payment-issues";
import { paymentIssueViewSchema, recordedPaymentIssueSchema } from "../response-schemas";
import type { ApiOperation } from "../types";

const TAG = "Payment issues";

export const paymentIssueOperations: ApiOperation[] = [
  {
    methods: ["post"],
    path: "/api/v1/payment-issues",
    operationId: "recordPaymentIssue",
    tag: TAG,
    summary: "Report a payment issue for review",
    description:
      "A decline, missed installment, dispute or refund request becomes a review item: the decision " +
      "engine recommends, and a reviewer (or the engine, when confident) decides; read the outcome with " +
      "GET /api/v1/payment-issues/{id} or receive `review_item.*` webhooks. `idempotency_key` records " +
      "each issue once: a replay answers the issue as it is now (200), another body under the key is a 409.",
    scope: "payment-issues:write",
    body: {
      schema: paymentIssueRequestSchema,
      example: {
        idempotency_key: "dispute_du_1PQr5tLkdIwHu7ix",
        type: "dispute",
        tenant: "acme-robotics",
        details: {
          payment_reference: "ch_3PQr5tLkdIwHu7ix0",
          amount: 4900,
          currency: "EUR",
          reason: "fraudulent",
        },
      },
      fieldNotes: {
        idempotency_key: "Your id for this issue: it is recorded once.",
        type: "What happened; `details` depends on it.",
        tenant: "The tenant's id or slug.",
        details: "The issue's details, by type (amounts in minor units, e.g. cents).",
        occurred_at: "When it happened (default: now); at most 90 days ago.",
      },
    },
    responses: {
      200: {
        description: "A replay: the issue as it is now (header Idempotent-Replayed: true).",
        schema: recordedPaymentIssueSchema,
        headers: ["Idempotent-Replayed"],
      },
      202: { description: "Recorded; the worker decides it next.", schema: recordedPaymentIssueSchema },
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
      409: "Conflict",
    },
  },
  {
    methods: ["get"],
    path: "/api/v1/payment-issues/{id}",
    operationId: "getPaymentIssue",
    tag: TAG,
    summary: "Get a payment issue",
    description:
      "Its routing, the engine's recommendation, and the latest decision still standing with its execution.",
    scope: "payment-issues:read",
    pathParams: paymentIssueIdSchema,
    paramNotes: { id: "The id POST answered." },
    responses: {
      200: { description: "The payment issue.", schema: paymentIssueViewSchema },
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
    },
  },
];
