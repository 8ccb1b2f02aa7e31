import { defineKind, type Rule } from "./define-kind";
import { answer, STOPPED } from "./policy-terms";

const rule: Rule = (context) => {
  const { plan, status } = context.tenant;
  if (status === "trialing")
    return answer("let the trial end", "dismiss", 80, "A3 Trials", "An inactive trial ends by itself.");
  if (plan === "free" || STOPPED.includes(status))
    return answer(
      "archive",
      "archive_tenant",
      85,
      "A1 Nothing at stake",
      `No activity in 30 days on a ${status === "active" ? `${plan} plan` : `${status} tenant`}.`,
    );
  return answer(
    "archive",
    "archive_tenant",
    60,
    "A2 Paying but idle",
    `No activity in 30 days, yet it pays for ${plan}; an owner should talk to them first.`,
  );
};

/** A tenant the usage analysis found inactive for the whole window. */
export const tenantArchive = defineKind({
  label: "Archive inactive tenant",
  policyFile: "plan-fit.md",
  actions: ["archive_tenant", "dismiss"],
  basePriority: 0,
  defaultSlaHours: 24 * 7,
  rule,
});
