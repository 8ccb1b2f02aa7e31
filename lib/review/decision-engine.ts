import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import type { DecisionContext, EngineOutcome } from "./recommendation";
import { rulesRecommendation } from "./rules-engine";

/** Recommends what to do about one item with the configured engine. */
export async function recommend(kind: ReviewItemKind, context: DecisionContext, now = new Date()): Promise<EngineOutcome> {
  return rulesOutcome(kind, context, now, null);
}

export function rulesOutcome(kind: ReviewItemKind, context: DecisionContext, now: Date, engineNote: string | null): EngineOutcome {
  const started = performance.now();
  const recommendation = rulesRecommendation(kind, context, now);
  return { recommendation, engine: "rules", engineNote, model: null, latencyMs: Math.round(performance.now() - started), inputTokens: null, outputTokens: null };
}
