import { defineKind, type Rule } from "./define-kind";
import { answer, details } from "./policy-terms";

const rule: Rule = (context) => {
  const { reason } = details(context) as { reason: string };
  if (reason === "fraudulent")
    return answer(
      "suspend",
      "suspend_tenant",
      60,
      "P2 Fraud",
      "Disputed as fraudulent: the account may be used by someone else.",
    );
  if (reason === "duplicate")
    return answer(
      "accept the dispute",
      "approve_refund",
      82,
      "P1 Duplicate charge",
      "Disputed as a duplicate charge.",
    );
  return answer(
    "contest",
    "dismiss",
    55,
    "P3 Other reasons",
    `Disputed as ${reason.replaceAll("_", " ")}; contesting needs a person's judgement.`,
  );
};

/** A chargeback the platform reported (payment issue type `dispute`); banks set deadlines, so it comes first. */
export const paymentDispute = defineKind({
  label: "Dispute",
  policyFile: "payment-dispute.md",
  actions: ["approve_refund", "suspend_tenant", "dismiss"],
  basePriority: 30,
  defaultSlaHours: 24,
  rule,
});
