import { z } from "zod";
import { env } from "@/lib/env";
import { SUBSCRIBABLE_EVENT_TYPES } from "./event-catalogue";
import { refusedTarget } from "./outbound-guard";

/** How long the old secret keeps signing after a rotation, so receivers can switch over. */
export const SECRET_OVERLAP_HOURS = [0, 1, 24, 72, 168] as const;

const endpointUrl = z
  .string()
  .trim()
  .max(2_000, "The URL is at most 2,000 characters")
  .url("Enter a full URL, e.g. https://platform.example.com/webhooks/steward")
  .superRefine((value, context) => {
    if (!URL.canParse(value)) return; // already reported as not a URL
    const refused = refusedTarget(new URL(value), env().WEBHOOK_ALLOW_PRIVATE_TARGETS);
    if (refused) context.addIssue({ code: "custom", message: refused });
  });

const eventTypes = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z
    .array(z.enum(SUBSCRIBABLE_EVENT_TYPES, { error: "Unknown event type" }))
    .min(1, "Choose at least one event type"),
);

export const createEndpointSchema = z.object({
  url: endpointUrl,
  description: z.string().trim().max(200, "Keep the description under 200 characters").default(""),
  eventTypes,
});

export const updateEndpointSchema = createEndpointSchema.extend({
  id: z.string().min(1),
  enabled: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
});

export const endpointIdSchema = z.object({ id: z.string().min(1) });

export const rotateSecretSchema = z.object({
  id: z.string().min(1),
  overlapHours: z.coerce
    .number()
    .refine(
      (h) => (SECRET_OVERLAP_HOURS as readonly number[]).includes(h),
      "Choose one of the offered overlaps",
    ),
});

export const redeliverSchema = z.object({ deliveryId: z.string().min(1) });

export const replaySchema = z.object({
  id: z.string().min(1),
  since: z.coerce
    .date({ error: "Enter a date and time" })
    .refine((d) => d.getTime() <= Date.now(), "Choose a time in the past"),
});
