import { isHardDecline } from "@/lib/billing/config";
import { defineKind, type Rule } from "./define-kind";
import { answer, details } from "./policy-terms";

const rule: Rule = (context) => {
  const { decline_code: code, attempt } = details(context) as { decline_code: string; attempt: number };
  if (code === "fraudulent")
    return answer(
      "suspend",
      "suspend_tenant",
      60,
      "D3 Hard decline",
      "Declined as fraudulent: the account may be misused; an owner decides.",
    );
  if (isHardDecline(code))
    return answer(
      "ask for a new payment method",
      "send_reminder",
      85,
      "D3 Hard decline",
      `Hard decline (${code}): the customer must change the payment method.`,
    );
  if (attempt <= 2)
    return answer(
      "retry",
      "retry_payment",
      93,
      "D1 Soft decline, early attempt",
      `Soft decline (${code}) on attempt ${attempt}.`,
    );
  return answer(
    "remind",
    "send_reminder",
    80,
    "D2 Soft decline, repeated",
    `Soft decline (${code}) again on attempt ${attempt}.`,
  );
};

/** A declined charge the platform reported (payment issue type `decline`). */
export const paymentDecline = defineKind({
  label: "Payment declined",
  policyFile: "payment-decline.md",
  actions: ["retry_payment", "send_reminder", "suspend_tenant", "dismiss"],
  basePriority: 20,
  defaultSlaHours: 24,
  rule,
});
