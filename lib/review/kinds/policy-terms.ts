import type { DecisionContext, Recommendation } from "@/lib/review/recommendation";

// The vocabulary the kinds' rules share: an answer, a payment issue's details, days since a date.

const DAY = 86_400_000;

/** A recommendation as a rule words it: the verdict, its action and confidence, the section applied, and why. */
export function answer(
  decision: string,
  action: Recommendation["action"],
  confidence: number,
  policy: string,
  reasoning: string,
): Recommendation {
  return { decision, action, confidence, policy_applied: policy, reasoning };
}

/** The `details` of a payment issue as the platform reported them. */
export const details = (context: DecisionContext) =>
  (context.evidence.details ?? {}) as Record<string, unknown>;

/** Whole days from a YYYY-MM-DD day (at 00:00 UTC) to `now`. */
export const daysSince = (day: unknown, now: Date) =>
  Math.floor((now.getTime() - Date.parse(`${String(day)}T00:00:00Z`)) / DAY);

/** Tenant statuses that no longer run. */
export const STOPPED = ["suspended", "cancelled"];
