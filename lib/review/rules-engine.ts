import { isHardDecline } from "@/lib/billing/config";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import type { DecisionContext, Factor, Recommendation } from "./recommendation";

/**
 * The deterministic decision engine: each kind's policy under policies/ written as code, so the
 * default engine needs no network and gives the same answer for the same item every time. Section
 * names (S1, R2, …) match the policy files, and the reasoning says which facts decided it.
 */
type Rule = (context: DecisionContext, now: Date) => Recommendation;

const DAY = 86_400_000;

function answer(
  decision: string,
  action: Recommendation["action"],
  confidence: number,
  policy: string,
  reasoning: string,
): Recommendation {
  return { decision, action, confidence, policy_applied: policy, reasoning };
}

const details = (context: DecisionContext) => (context.evidence.details ?? {}) as Record<string, unknown>;
const daysSince = (day: unknown, now: Date) =>
  Math.floor((now.getTime() - Date.parse(`${String(day)}T00:00:00Z`)) / DAY);

function pointsOf(factors: Factor[] | null, key: string): Factor | undefined {
  return factors?.find((f) => f.key === key && f.points > 0);
}

const suspension: Rule = (context) => {
  const score = context.score ?? 0;
  const unpaid = pointsOf(context.factors, "unpaid");
  const abuse = pointsOf(context.factors, "rateLimitAbuse");
  const anomalies = pointsOf(context.factors, "criticalAnomalies");
  const inactive = pointsOf(context.factors, "inactivity");
  const signals = (context.factors ?? [])
    .filter((f) => f.points > 0)
    .map((f) => f.explanation)
    .join("; ");
  if (unpaid && (abuse || anomalies)) {
    return answer(
      "suspend",
      "suspend_tenant",
      Math.min(95, score),
      "S1 Unpaid and abusive",
      `Score ${score}: unpaid and harmful at once (${signals}).`,
    );
  }
  if (unpaid) {
    return score >= 80
      ? answer(
          "suspend",
          "suspend_tenant",
          75,
          "S2 Unpaid only",
          `Score ${score} with payments unpaid (${signals}); past the point where a reminder is enough.`,
        )
      : answer(
          "remind first",
          "send_reminder",
          80,
          "S2 Unpaid only",
          `Payments are unpaid but nothing else is wrong (${signals}); a reminder comes before a suspension.`,
        );
  }
  if (abuse || anomalies) {
    const full = [abuse, anomalies].some((f) => f && f.points >= f.weight);
    return full
      ? answer(
          "suspend",
          "suspend_tenant",
          72,
          "S3 Abuse only",
          `Abuse at its full weight on a paying tenant (${signals}).`,
        )
      : answer(
          "keep active",
          "dismiss",
          70,
          "S3 Abuse only",
          `Some abuse (${signals}); the rate limiter and the anomaly workflow handle it.`,
        );
  }
  if (inactive)
    return answer(
      "keep active",
      "dismiss",
      85,
      "S4 Inactive only",
      `Only inactive (${signals}); that harms no one.`,
    );
  return answer(
    "keep active",
    "dismiss",
    60,
    "S5 Confidence",
    `Signals are weak or unusual (${signals || "none"}); a person should look.`,
  );
};

const recoveryFailed: Rule = (context) => {
  const { attempts, lastFailureCode, hardDecline } = context.evidence as {
    attempts?: number;
    lastFailureCode?: string | null;
    hardDecline?: boolean;
  };
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

const decline: Rule = (context) => {
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

const missedInstallment: Rule = (context, now) => {
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

const dispute: Rule = (context) => {
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

/** Major units of a minor-unit amount (the currency decides the decimals, e.g. JPY has none). */
function majorUnits(amountMinor: number, currency: string): number {
  const decimals =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return amountMinor / 10 ** decimals;
}

const refundRequest: Rule = (context) => {
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

const STOPPED = ["suspended", "cancelled"];

const documentExpired: Rule = (context, now) => {
  const { title, type, expiresOn } = context.evidence as { title: string; type: string; expiresOn: string };
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

type PlanFitEvidence = {
  usageClass: string;
  peakDailyRequests: number;
  limitDays: number;
  targetPlan: string;
  targetDailyAllowance: number | null;
};

const planDowngrade: Rule = (context) => {
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

const planUpgrade: Rule = (context) => {
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

const tenantArchive: Rule = (context) => {
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

const RULES: Record<ReviewItemKind, Rule> = {
  suspension,
  payment_recovery_failed: recoveryFailed,
  payment_decline: decline,
  payment_missed_installment: missedInstallment,
  payment_dispute: dispute,
  payment_refund_request: refundRequest,
  document_expired: documentExpired,
  plan_downgrade: planDowngrade,
  plan_upgrade: planUpgrade,
  tenant_archive: tenantArchive,
};

export function rulesRecommendation(
  kind: ReviewItemKind,
  context: DecisionContext,
  now = new Date(),
): Recommendation {
  return RULES[kind](context, now);
}
