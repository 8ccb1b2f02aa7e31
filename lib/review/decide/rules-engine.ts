import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { DecisionContext, Recommendation } from "@/lib/review/recommendation";

/**
 * The deterministic decision engine: each kind's policy under policies/ written as code (the kind's
 * `rule` in kinds/), so the default engine needs no network and gives the same answer for the same
 * item every time. Section names (S1, R2, …) match the policy files, and the reasoning says which
 * facts decided it.
 */
export function rulesRecommendation(
  kind: ReviewItemKind,
  context: DecisionContext,
  now = new Date(),
): Recommendation {
  return REVIEW_KINDS[kind].rule(context, now);
}
