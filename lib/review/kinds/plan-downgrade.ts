import type { PlanFitEvidence } from "@/lib/usage/plan-fit";
import { defineKind, type Rule } from "./define-kind";
import { answer } from "./policy-terms";

const rule: Rule = (context) => {
  const {
    usageClass,
    peakDailyRequests: peak,
    targetPlan,
    targetDailyAllowance: allowance,
  } = context.evidence as PlanFitEvidence;
  if (allowance !== null && peak > allowance)
    return answer(
      "keep the plan",
      "dismiss",
      65,
      "U3 Would throttle",
      `Peak day ${peak} requests is above ${targetPlan}'s ${allowance}; a downgrade would throttle it.`,
    );
  if (usageClass === "rare" || usageClass === "monthly")
    return answer(
      `downgrade to ${targetPlan}`,
      "change_plan",
      82,
      "U1 Under-used",
      `Used ${usageClass}; peak day ${peak} requests fits ${targetPlan}.`,
    );
  return answer(
    `downgrade to ${targetPlan}`,
    "change_plan",
    72,
    "U2 Small but regular",
    `Used ${usageClass} but never above ${peak} requests a day, which ${targetPlan} covers.`,
  );
};

/** A paying tenant the usage analysis found using less than its plan is for. */
export const planDowngrade = defineKind({
  label: "Plan downgrade",
  policyFile: "plan-fit.md",
  actions: ["change_plan", "dismiss"],
  basePriority: 0,
  defaultSlaHours: 24 * 7,
  rule,
});
