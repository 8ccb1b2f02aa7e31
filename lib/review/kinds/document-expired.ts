import { defineKind, type Rule } from "./define-kind";
import { answer, daysSince, STOPPED } from "./policy-terms";

/** What the document-expiry check records on the item. */
type DocumentExpiredEvidence = { title: string; type: string; expiresOn: string };

const rule: Rule = (context, now) => {
  const { title, type, expiresOn } = context.evidence as DocumentExpiredEvidence;
  const since = daysSince(expiresOn, now) - 1;
  if (STOPPED.includes(context.tenant.status))
    return answer(
      "no action",
      "dismiss",
      85,
      "X1 Already stopped",
      `The tenant is already ${context.tenant.status}; '${title}' is renewed before it runs again.`,
    );
  if (type === "custom")
    return answer(
      "suspend",
      "suspend_tenant",
      60,
      "X3 Custom documents",
      `'${title}' is a custom document type; an owner judges how much it matters.`,
    );
  return answer(
    "suspend",
    "suspend_tenant",
    75,
    "X2 Required document",
    `The required ${type.replaceAll("_", " ")} '${title}' expired ${since <= 0 ? "today" : `${since} days ago`} and was not renewed.`,
  );
};

/** A required document of a tenant that expired without a renewal. */
export const documentExpired = defineKind({
  label: "Required document expired",
  policyFile: "document-expired.md",
  actions: ["suspend_tenant", "dismiss"],
  basePriority: 15,
  defaultSlaHours: 48,
  rule,
});
