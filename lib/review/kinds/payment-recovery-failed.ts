import { defineKind, type Rule } from "./define-kind";
import { answer } from "./policy-terms";

/** What dunning records on the item when it gives up on a payment. */
type RecoveryFailedEvidence = { attempts?: number; lastFailureCode?: string | null; hardDecline?: boolean };

const rule: Rule = (context) => {
  const { attempts, lastFailureCode, hardDecline } = context.evidence as RecoveryFailedEvidence;
  const code = lastFailureCode ?? "unknown";
  if (attempts === undefined || !lastFailureCode)
    return answer(
      "retry",
      "retry_payment",
      60,
      "R4 Confidence",
      "The evidence lacks the attempts or the last failure code; a person should look.",
    );
  if (hardDecline)
    return answer(
      "ask for a new payment method",
      "send_reminder",
      92,
      "R2 Hard decline",
      `Hard decline (${code}): retrying cannot succeed.`,
    );
  if ((attempts ?? 0) >= 6)
    return answer(
      "ask for a new payment method",
      "send_reminder",
      85,
      "R3 Many attempts",
      `${attempts} attempts already; no more retries.`,
    );
  return answer(
    "retry",
    "retry_payment",
    78,
    "R1 Soft decline",
    `Soft decline (${code}) after ${attempts ?? "?"} attempts; another retry may succeed.`,
  );
};

/** A payment dunning could not recover (retries spent or a hard decline). */
export const paymentRecoveryFailed = defineKind({
  label: "Failed payment recovery",
  policyFile: "payment-recovery-failed.md",
  actions: ["retry_payment", "send_reminder", "suspend_tenant", "dismiss"],
  basePriority: 20,
  defaultSlaHours: 24,
  rule,
});
