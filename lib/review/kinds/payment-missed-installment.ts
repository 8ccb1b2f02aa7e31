import { defineKind, type Rule } from "./define-kind";
import { answer, daysSince, details } from "./policy-terms";

const rule: Rule = (context, now) => {
  const overdue = daysSince(details(context).due_date, now);
  if (overdue <= 7)
    return answer("remind", "send_reminder", 92, "M1 Just missed", `${overdue} days overdue.`);
  if (overdue <= 30) return answer("remind", "send_reminder", 80, "M2 Overdue", `${overdue} days overdue.`);
  return answer(
    "suspend",
    "suspend_tenant",
    62,
    "M3 Long overdue",
    `${overdue} days overdue; an owner decides on suspension.`,
  );
};

/** An installment of a payment plan the platform reported missed (payment issue type `missed_installment`). */
export const paymentMissedInstallment = defineKind({
  label: "Missed installment",
  policyFile: "payment-missed-installment.md",
  actions: ["send_reminder", "suspend_tenant", "dismiss"],
  basePriority: 10,
  defaultSlaHours: 48,
  rule,
  reminderReason: "an installment of your payment plan is overdue.",
});
