import { defineKind, type Rule } from "./define-kind";
import { answer, daysSince, details } from "./policy-terms";

/** Major units of a minor-unit amount (the currency decides the decimals, e.g. JPY has none). */
function majorUnits(amountMinor: number, currency: string): number {
  const decimals =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return amountMinor / 10 ** decimals;
}

const rule: Rule = (context) => {
  const {
    amount,
    currency,
    paid_on: paidOn,
    service_delivered: delivered,
  } = details(context) as { amount: number; currency: string; paid_on: string; service_delivered?: boolean };
  // Counted to when the customer asked: a backlog in the queue must not turn a timely request into a late one.
  const age = daysSince(paidOn, new Date(context.raisedAt));
  if (majorUnits(amount, currency) <= 50 && age <= 14)
    return answer(
      "refund",
      "approve_refund",
      95,
      "F1 Small and recent",
      `${majorUnits(amount, currency)} ${currency}, asked ${age} days after paying.`,
    );
  if (age <= 30)
    return answer("refund", "approve_refund", 80, "F2 Within 30 days", `Asked ${age} days after paying.`);
  if (delivered === false)
    return answer(
      "refuse",
      "dismiss",
      60,
      "F3 Late",
      `Asked ${age} days after paying, but the customer says the service was not delivered.`,
    );
  return answer("refuse", "dismiss", 75, "F3 Late", `Asked ${age} days after paying (more than 30).`);
};

/** A customer's request for a refund the platform passed on (payment issue type `refund_request`); it can wait. */
export const paymentRefundRequest = defineKind({
  label: "Refund request",
  policyFile: "payment-refund-request.md",
  actions: ["approve_refund", "dismiss"],
  basePriority: 0,
  defaultSlaHours: 72,
  rule,
});
