import type { PlanFitEvidence } from "@/lib/usage/plan-fit";
import { defineKind, type Rule } from "./define-kind";
import { answer } from "./policy-terms";

const rule: Rule = (context) => {
  const { limitDays, targetPlan } = context.evidence as PlanFitEvidence;
  if (context.tenant.status === "past_due")
    return answer(
      "keep the plan",
      "dismiss",
      60,
      "U6 Unpaid",
      `At its limits on ${limitDays} days, but payments are past due; settle those first.`,
    );
  if (limitDays >= 10)
    return answer(
      `upgrade to ${targetPlan}`,
      "change_plan",
      85,
      "U4 Constantly at the limit",
      `At its plan's limits on ${limitDays} of the last 30 days.`,
    );
  return answer(
    `upgrade to ${targetPlan}`,
    "change_plan",
    72,
    "U5 Often at the limit",
    `At its plan's limits on ${limitDays} of the last 30 days.`,
  );
};

/** A tenant the usage analysis found at its plan's limits often. */
export const planUpgrade = defineKind({
  label: "Plan upgrade",
  policyFile: "plan-fit.md",
  actions: ["change_plan", "dismiss"],
  basePriority: 5,
  defaultSlaHours: 72,
  rule,
});
