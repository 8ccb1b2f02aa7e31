import { z } from "zod";

const reference = z.string().trim().min(1, "Required").max(200, "At most 200 characters");
/** In the currency's minor unit (cents), as the billing events take it. */
const amount = z.number("Must be a whole number of minor units (cents)").int("Must be a whole number of minor units (cents)").min(1, "Must be at least 1").max(2_147_483_647, "Is too large");
const currency = z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code in capitals, e.g. EUR");
const day = z.iso.date("Must be a date, YYYY-MM-DD");

/** The `details` each payment-issue type needs (snake_case, as the platform sends them). */
export const paymentIssueDetails = {
  decline: z.strictObject({
    payment_reference: reference,
    amount,
    currency,
    decline_code: z.string().trim().toLowerCase().min(1, "Required").max(64, "At most 64 characters"),
    /** Which charge attempt was declined (1 = the first). */
    attempt: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(100, "Must be at most 100"),
  }),
  missed_installment: z.strictObject({
    plan_reference: reference,
    installment: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(1_000, "Must be at most 1000"),
    amount,
    currency,
    due_date: day,
  }),
  dispute: z.strictObject({
    payment_reference: reference,
    amount,
    currency,
    reason: z.enum(["fraudulent", "duplicate", "product_not_received", "product_unacceptable", "subscription_canceled", "other"], "Must be one of fraudulent, duplicate, product_not_received, product_unacceptable, subscription_canceled, other"),
    evidence_due_by: day.optional(),
  }),
  refund_request: z.strictObject({
    payment_reference: reference,
    amount,
    currency,
    paid_on: day,
    reason: z.string().trim().min(1, "Required").max(1_000, "At most 1000 characters"),
    service_delivered: z.boolean("Must be true or false").optional(),
  }),
} as const;

export type PaymentIssueType = keyof typeof paymentIssueDetails;
export const paymentIssueTypes = Object.keys(paymentIssueDetails) as [PaymentIssueType, ...PaymentIssueType[]];

/** The review item kind of each payment-issue type. */
export const PAYMENT_ISSUE_KIND = {
  decline: "payment_decline",
  missed_installment: "payment_missed_installment",
  dispute: "payment_dispute",
  refund_request: "payment_refund_request",
} as const satisfies Record<PaymentIssueType, string>;

/** What a payment issue's review item carries as evidence. */
export type PaymentIssueEvidence = { type: PaymentIssueType; details: Record<string, unknown> & { payment_reference?: string; amount: number; currency: string }; occurredAt: string | null };
