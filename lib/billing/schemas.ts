import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Plan, TrialStatus, type BillingActivityKind } from "@/lib/generated/prisma/enums";
import { externalIdSchema, tenantWireFields } from "@/lib/tenants/sync-schemas";
import { amountMinor, currencyCode } from "./money-schemas";

const DAY = 86_400_000;
/** The billing system may deliver late, but an event from the future is a clock or data error. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_EVENT_AGE_MS = 90 * DAY;

const tenantSlug = z
  .string({ error: "tenant is required (the tenant's slug)" })
  .trim()
  .toLowerCase()
  .min(1, "tenant is required (the tenant's slug)")
  .max(63);
const providerReference = z
  .string({ error: "provider_reference is required" })
  .trim()
  .min(1, "provider_reference is required")
  .max(200);

/**
 * Who an event is about: `tenant` (slug) or the platform's `external_id` (looked up first). With
 * external_id, name and contact_email (plan and timezone optional) an unknown tenant is created.
 */
const reportedTenant = z.strictObject({
  tenant: tenantSlug.optional(),
  external_id: externalIdSchema.optional(),
  name: tenantWireFields.name.optional(),
  contact_email: tenantWireFields.contact_email.optional(),
  plan: tenantWireFields.plan.optional(),
  timezone: tenantWireFields.timezone.optional(),
});

const eventDataOf = <Shape extends z.ZodRawShape>(shape: Shape) =>
  reportedTenant
    .extend(shape)
    .refine(
      ({ tenant, external_id }: { tenant?: string; external_id?: string }) => !!(tenant ?? external_id),
      {
        path: ["tenant"],
        message: "tenant is required (the tenant's slug) unless external_id is given",
      },
    );

const charge = {
  amount: amountMinor,
  currency: currencyCode,
  provider_reference: providerReference,
};

/** The data each event type carries; unknown fields are refused so a typo is not silently ignored. */
const eventData = {
  trial_started: eventDataOf({
    plan: z.enum(Plan, { error: `plan must be one of ${Object.values(Plan).join(", ")}` }),
    trial_days: z
      .number({ error: "trial_days must be a number" })
      .int("trial_days must be a whole number")
      .min(1, "trial_days is at least 1")
      .max(90, "trial_days is at most 90")
      .default(14),
  }),
  payment_succeeded: eventDataOf(charge),
  payment_failed: eventDataOf({
    ...charge,
    failure_code: z
      .string({ error: "failure_code is required (e.g. insufficient_funds)" })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_.-]{1,64}$/, "failure_code is a short code such as insufficient_funds"),
  }),
  subscription_cancelled: eventDataOf({
    reason: z.string().trim().max(500, "reason is at most 500 characters").optional(),
  }),
};

export type BillingEventType = keyof typeof eventData;
const billingEventTypes = Object.keys(eventData) as [BillingEventType, ...BillingEventType[]];

const envelope = {
  idempotency_key: z
    .string({ error: "idempotency_key is required" })
    .trim()
    .min(8, "idempotency_key needs at least 8 characters")
    .max(200, "idempotency_key is at most 200 characters"),
  occurred_at: z.iso
    .datetime({ offset: true, error: "occurred_at must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z" })
    .optional(),
};

const eventOfType = <T extends BillingEventType>(type: T) =>
  z.strictObject({ ...envelope, type: z.literal(type), data: eventData[type] });

/** A report from the platform's billing system: `{ idempotency_key, type, occurred_at?, data }`. */
export const billingEventSchema = z.discriminatedUnion(
  "type",
  [
    eventOfType("trial_started"),
    eventOfType("payment_succeeded"),
    eventOfType("payment_failed"),
    eventOfType("subscription_cancelled"),
  ],
  { error: `type must be one of ${billingEventTypes.join(", ")}` },
);

export type BillingEvent = z.output<typeof billingEventSchema>;
export type EventOf<T extends BillingEventType> = Extract<BillingEvent, { type: T }>;

/**
 * When the event happened: its occurred_at or now. Checked here rather than in the schema because
 * "now" belongs to the caller (tests move the clock).
 */
export function occurredAt(event: BillingEvent, now: Date): Date {
  const at = event.occurred_at ? new Date(event.occurred_at) : now;
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS)
    throw new AppError("VALIDATION", "Some fields are invalid.", {
      occurred_at: ["occurred_at is in the future"],
    });
  if (at.getTime() < now.getTime() - MAX_EVENT_AGE_MS)
    throw new AppError("VALIDATION", "Some fields are invalid.", {
      occurred_at: ["occurred_at is more than 90 days ago"],
    });
  return at;
}

const trialId = z.string().min(1);
const reason = z
  .string()
  .trim()
  .min(3, "Give a reason of at least 3 characters")
  .max(500, "Keep the reason under 500 characters");

export const extendTrialSchema = z.object({
  trialId,
  days: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Whole days only")
    .min(1, "Extend by at least 1 day")
    .max(90, "Extend by at most 90 days"),
  reason,
});

export const trialDecisionSchema = z.object({ trialId, reason });

export const reminderKinds = ["first", "final"] as const;
export type ReminderKind = (typeof reminderKinds)[number];
export const resendReminderSchema = z.object({
  trialId,
  kind: z.enum(reminderKinds, { error: "Choose which reminder" }),
});

export const trialStatusValues = Object.values(TrialStatus);

export const listTrialsSchema = z.object({
  status: z
    .enum(TrialStatus)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  plan: z
    .enum(Plan)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  endingWithinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type ListTrialsInput = z.output<typeof listTrialsSchema>;

/** The payment entries of a tenant's billing timeline: the outcomes listed under Payments. */
export const PAYMENT_OUTCOME_KINDS = [
  "payment_succeeded",
  "payment_failed",
  "payment_retry_failed",
  "payment_recovered",
  "payment_abandoned",
] as const satisfies readonly BillingActivityKind[];

/** Billing > Payments: a tenant search, an outcome, and a page of each list (`rpage` for recovery). */
export const listPaymentsSchema = z.object({
  q: z.string().trim().max(100).optional(),
  outcome: z
    .enum(PAYMENT_OUTCOME_KINDS)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  rpage: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type ListPaymentsInput = z.output<typeof listPaymentsSchema>;
