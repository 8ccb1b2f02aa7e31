import {
  EVENT_CATALOGUE,
  EVENT_TYPES,
  eventEnvelopeSchema,
  type EventType,
} from "@/lib/webhooks/event-catalogue";
import { z } from "zod";
import { SCHEMA_NAMES } from "./components";
import { toJsonSchema } from "./json-schema";
import type { OpenApiOperation } from "./types";

export const WEBHOOK_TAG = "Webhooks";

/** How every event is delivered; the reference shows it above the events. */
export const WEBHOOK_DELIVERY_NOTES =
  "Each event is POSTed as JSON to every enabled endpoint subscribed to its type, signed per Standard " +
  "Webhooks (headers webhook-id, webhook-timestamp, webhook-signature). Any 2xx within 10 seconds is " +
  "delivered; anything else is retried with exponential backoff and jitter for about 3 days, with the " +
  "same webhook-id, so process an id once. 410 Gone disables the endpoint, and so do 3 days of failures " +
  "(owners are notified). For one tenant and one endpoint, events arrive in the order their changes " +
  "committed, and `version` only grows: drop a state older than one you have.";

const { shape } = eventEnvelopeSchema;

function envelopeOf(type: EventType) {
  return eventEnvelopeSchema.extend({
    type: z.literal(type),
    timestamp: shape.timestamp.describe("When the change committed (UTC)"),
    schema_version: shape.schema_version.describe(
      "The version of `data`'s schema; a breaking change bumps it",
    ),
    tenant_id: shape.tenant_id.describe("The tenant it is about (null for webhook.test)"),
    version: shape.version.describe(
      "The tenant's event counter: grows with every event of the tenant; 0 without a tenant",
    ),
    data: EVENT_CATALOGUE[type].data,
  });
}

const parameter = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/** OpenAPI 3.1's top-level `webhooks`: one entry per event type, with its envelope and data. */
export function webhookEntries(): Record<string, { post: OpenApiOperation }> {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `event_${type.replace(".", "_")}`,
          tags: [WEBHOOK_TAG],
          summary: type,
          description: EVENT_CATALOGUE[type].description,
          parameters: [parameter("WebhookId"), parameter("WebhookTimestamp"), parameter("WebhookSignature")],
          requestBody: {
            required: true,
            content: { "application/json": { schema: toJsonSchema(envelopeOf(type), SCHEMA_NAMES) } },
          },
          responses: {
            "2XX": { description: "Delivered." },
            "410": { description: "Gone: Steward disables the endpoint and stops sending to it." },
            default: {
              description:
                "Not delivered (as is no answer within 10 s): retried with backoff for about 3 days.",
            },
          },
        },
      },
    ]),
  );
}
