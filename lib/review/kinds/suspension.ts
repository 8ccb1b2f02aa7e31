import type { Factor } from "@/lib/review/recommendation";
import { defineKind, type Rule } from "./define-kind";
import { answer } from "./policy-terms";

function pointsOf(factors: Factor[] | null, key: string): Factor | undefined {
  return factors?.find((f) => f.key === key && f.points > 0);
}

const rule: Rule = (context) => {
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

/** A tenant the suspension recommender scored at or above the threshold (evidence: its signals; score and factors on the item). */
export const suspension = defineKind({
  label: "Suspension",
  policyFile: "suspension.md",
  actions: ["suspend_tenant", "send_reminder", "dismiss"],
  basePriority: 10,
  // Among suspensions, the higher score first.
  scorePriority: (score) => Math.floor(score / 10),
  defaultSlaHours: 48,
  rule,
  reminderReason: "your account has unpaid invoices.",
});
