import { z } from "zod";
import { entitlementsSchema } from "@/lib/plans/entitlements-schema";

// The states events carry, in the wire names integrators read (snake_case, ISO times, minor units).
const isoTime = z.string().datetime();
const nullableTime = isoTime.nullable();

export const tenantStateSchema = z.object({
  id: z.string(),
  external_id: z.string().nullable(),
  slug: z.string(),
  name: z.string(),
  plan: z.string(),
  status: z.enum(["trialing", "active", "past_due", "suspended", "cancelled"]),
  status_reason: z.string().nullable(),
  timezone: z.string(),
  created_at: isoTime,
  updated_at: isoTime,
});

const tenantRef = z.object({ id: z.string(), external_id: z.string().nullable(), slug: z.string() });

const trialState = z.object({
  id: z.string(),
  plan: z.string(),
  status: z.enum(["active", "converted", "expired", "cancelled"]),
  started_at: isoTime,
  ends_at: isoTime,
  converted_at: nullableTime,
  ended_at: nullableTime,
});

const paymentState = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string().length(3),
  status: z.enum(["succeeded", "retrying", "recovered", "failed", "cancelled"]),
  attempts: z.number().int(),
  provider_reference: z.string(),
  failure_code: z.string().nullable(),
  next_retry_at: nullableTime,
  settled_at: nullableTime,
});

const anomalyState = z.object({
  id: z.string(),
  metric: z.string(),
  status: z.enum(["active", "acknowledged", "resolved", "false_positive"]),
  severity: z.enum(["low", "medium", "high", "critical"]),
  value: z.number(),
  z: z.number(),
  first_bucket: isoTime,
  last_bucket: isoTime,
  closed_at: nullableTime,
});

const reviewItemState = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  priority: z.number().int(),
  due_at: nullableTime,
  recommendation: z.object({ engine: z.string(), action: z.string(), confidence: z.number() }).nullable(),
  decision: z
    .object({
      verdict: z.string(),
      action: z.string().nullable(),
      automatic: z.boolean(),
      decided_at: isoTime,
    })
    .nullable(),
  execution: z.object({ status: z.string(), detail: z.string().nullable() }).nullable(),
});

const documentState = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  required: z.boolean(),
  status: z.enum(["active", "expired", "replaced"]),
  expires_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  days_left: z.number().int(),
});

const withTenant = <T extends z.ZodRawShape>(shape: T) => z.object({ tenant: tenantRef, ...shape });

const tenantEvent = (description: string) => ({ description, data: z.object({ tenant: tenantStateSchema }) });

/**
 * Every event Steward sends, with the schema of its `data` and the version of that schema. A
 * change that would break a receiver gets a new version, announced in `schema_version`.
 */
export const EVENT_CATALOGUE = {
  "tenant.created": tenantEvent("A tenant was created (API, import, dashboard)."),
  "tenant.updated": tenantEvent("A tenant's name, slug, contact, time zone or unpaid state changed."),
  "tenant.suspended": tenantEvent("A tenant was suspended: the decision endpoint refuses it."),
  "tenant.reactivated": tenantEvent("A suspended tenant has access again."),
  "tenant.cancelled": tenantEvent("A tenant was cancelled for good."),
  "tenant.plan_changed": {
    description: "A tenant moved to another plan; `entitlements` is what it may use now.",
    data: z.object({
      tenant: tenantStateSchema,
      previous_plan: z.string(),
      entitlements: entitlementsSchema,
    }),
  },
  "trial.started": { description: "A trial began.", data: withTenant({ trial: trialState }) },
  "trial.ending": {
    description: "A trial ends soon (sent with each reminder).",
    data: withTenant({ trial: trialState, days_left: z.number().int() }),
  },
  "trial.expired": { description: "A trial ended without payment.", data: withTenant({ trial: trialState }) },
  "trial.converted": {
    description: "A trial became a paid subscription.",
    data: withTenant({ trial: trialState }),
  },
  "payment.failed": { description: "A charge failed.", data: withTenant({ payment: paymentState }) },
  "payment.recovered": {
    description: "A failed charge was paid.",
    data: withTenant({ payment: paymentState }),
  },
  "payment.abandoned": {
    description: "Dunning gave up on a charge (or it was cancelled).",
    data: withTenant({ payment: paymentState }),
  },
  "anomaly.opened": { description: "An anomaly was detected.", data: withTenant({ anomaly: anomalyState }) },
  "anomaly.resolved": {
    description: "An anomaly was resolved, marked false positive or went back to normal.",
    data: withTenant({ anomaly: anomalyState }),
  },
  "review_item.created": {
    description: "A recommendation awaits its decision.",
    data: withTenant({ review_item: reviewItemState }),
  },
  "review_item.decided": {
    description: "A person or the engine decided a review item.",
    data: withTenant({ review_item: reviewItemState }),
  },
  "review_item.executed": {
    description: "A decision's action ran (or failed).",
    data: withTenant({ review_item: reviewItemState }),
  },
  "document.expiring": {
    description: "A tenant's document expires soon.",
    data: withTenant({ document: documentState }),
  },
  "document.expired": {
    description: "A tenant's document expired.",
    data: withTenant({ document: documentState }),
  },
  "webhook.test": {
    description: "Sent by “Send test event”; carries nothing of a tenant.",
    data: z.object({ message: z.string() }),
  },
} as const;

/** The version of every payload schema in this catalogue; bumped per type on a breaking change. */
export const EVENT_SCHEMA_VERSION = 1;

export type EventType = keyof typeof EVENT_CATALOGUE;
export type EventData<T extends EventType> = z.input<(typeof EVENT_CATALOGUE)[T]["data"]>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];
/** What an endpoint may subscribe to: everything but the test event, which goes to the endpoint asked. */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter((type) => type !== "webhook.test");

/** The body of every delivery (the Standard Webhooks shape: type, timestamp, data). */
export const eventEnvelopeSchema = z.object({
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  timestamp: isoTime,
  schema_version: z.number().int(),
  tenant_id: z.string().nullable(),
  version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
