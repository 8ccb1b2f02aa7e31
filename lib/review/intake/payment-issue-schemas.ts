import { z } from "zod";
import { amountMinor as amount, currencyCode as currency } from "@/lib/billing/money-schemas";

const reference = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} is required`)
    .max(200, `${field} is at most 200 characters`);
const day = (field: string) => z.iso.date({ error: `${field} must be a date, YYYY-MM-DD` });
const wholeNumber = (field: string, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} is at least 1`)
    .max(max, `${field} is at most ${max}`);

export const disputeReasons = [
  "fraudulent",
  "duplicate",
  "product_not_received",
  "product_unacceptable",
  "subscription_canceled",
  "other",
] as const;

/**
 * An object's own errors in words: what is missing, or which keys are unknown and which it takes.
 * Unknown keys are refused so a typo is not silently ignored.
 */
export function objectErrors(name: string, keys: readonly string[]) {
  return (issue: { code?: string; keys?: string[] }) => {
    if (issue.code === "unrecognized_keys")
      return `Unknown field${issue.keys!.length > 1 ? "s" : ""}: ${issue.keys!.join(", ")} (${name} takes ${keys.join(", ")})`;
    if (issue.code === "invalid_type") return `${name} is required: an object with ${keys.join(", ")}`;
    return undefined;
  };
}

function details<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: objectErrors("details", Object.keys(shape)) });
}

/** The `details` each payment-issue type needs (snake_case, as the platform sends them). */
export const paymentIssueDetails = {
  decline: details({
    payment_reference: reference("payment_reference"),
    amount,
    currency,
    decline_code: z
      .string({ error: "decline_code is required (e.g. insufficient_funds)" })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_.-]{1,64}$/, "decline_code is a short code such as insufficient_funds"),
    /** Which charge attempt was declined (1 = the first). */
    attempt: wholeNumber("attempt", 100),
  }),
  missed_installment: details({
    plan_reference: reference("plan_reference"),
    installment: wholeNumber("installment", 1_000),
    amount,
    currency,
    /** Not in the future: checked against the caller's clock when recorded. */
    due_date: day("due_date"),
  }),
  dispute: details({
    payment_reference: reference("payment_reference"),
    amount,
    currency,
    reason: z.enum(disputeReasons, { error: `reason must be one of ${disputeReasons.join(", ")}` }),
    evidence_due_by: day("evidence_due_by").optional(),
  }),
  refund_request: details({
    payment_reference: reference("payment_reference"),
    amount,
    currency,
    /** Not in the future: checked against the caller's clock when recorded. */
    paid_on: day("paid_on"),
    reason: z
      .string({ error: "reason is required (the customer's words)" })
      .trim()
      .min(1, "reason is required (the customer's words)")
      .max(1_000, "reason is at most 1000 characters"),
    service_delivered: z.boolean({ error: "service_delivered must be true or false" }).optional(),
  }),
} as const;

export type PaymentIssueType = keyof typeof paymentIssueDetails;
export const paymentIssueTypes = Object.keys(paymentIssueDetails) as [
  PaymentIssueType,
  ...PaymentIssueType[],
];
export type PaymentIssueDetails<T extends PaymentIssueType = PaymentIssueType> = z.output<
  (typeof paymentIssueDetails)[T]
>;

/** The review item kind of each payment-issue type. */
export const PAYMENT_ISSUE_KIND = {
  decline: "payment_decline",
  missed_installment: "payment_missed_installment",
  dispute: "payment_dispute",
  refund_request: "payment_refund_request",
} as const satisfies Record<PaymentIssueType, string>;

/** What a payment issue's review item carries as evidence. */
export type PaymentIssueEvidence = {
  type: PaymentIssueType;
  details: Record<string, unknown> & { payment_reference?: string; amount: number; currency: string };
  occurredAt: string | null;
};
