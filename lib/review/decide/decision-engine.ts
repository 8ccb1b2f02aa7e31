import { env, reviewEngineMode } from "@/lib/env";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import type { DecisionContext, EngineOutcome } from "@/lib/review/recommendation";
import { aiRecommendation } from "./ai-engine";
import { admitAiCall, recordAiFailure, recordAiSuccess, type AiAdmission } from "./circuit-breaker";
import { rulesRecommendation } from "./rules-engine";

const hhmm = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

/** Why rules decided while the circuit is open, as the item shows it. */
function pausedNote(closedOut: Extract<AiAdmission, { admitted: false }>): string {
  const { consecutiveFailures: failures, until, trialInFlight } = closedOut;
  const after = `after ${failures} consecutive failure${failures === 1 ? "" : "s"}`;
  return trialInFlight
    ? `AI paused ${after}; a trial call is checking whether it is back; rules decided`
    : `AI paused ${after} until ${hhmm(until)}; rules decided`;
}

/** The breaker's Redis is a safeguard, not a dependency: without it the AI is asked as if the circuit were closed. */
async function admission(now: Date): Promise<AiAdmission> {
  try {
    return await admitAiCall(now);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "AI circuit breaker unreadable; asking the AI");
    return { admitted: true, trial: false };
  }
}

async function report(outcome: "success" | "failure", now: Date): Promise<void> {
  try {
    if (outcome === "success") return await recordAiSuccess();
    const failures = await recordAiFailure(now);
    const { REVIEW_AI_BREAKER_FAILURES: threshold, REVIEW_AI_BREAKER_COOLDOWN_SECONDS: cooldownSeconds } =
      env();
    if (failures === threshold)
      logger.warn({ failures, cooldownSeconds }, "AI circuit opened; rules decide until the cool-down ends");
  } catch (error) {
    logger.warn({ err: (error as Error).message, outcome }, "AI circuit breaker could not record a call");
  }
}

/**
 * Recommends what to do about one item with the configured engine. In AI mode Claude is asked
 * unless the circuit breaker is open; whenever the AI cannot answer (paused, unavailable, invalid
 * twice) rules decide and the outcome's engineNote says why.
 */
export async function recommend(
  kind: ReviewItemKind,
  context: DecisionContext,
  now = new Date(),
): Promise<EngineOutcome> {
  if (reviewEngineMode() === "rules") return rulesOutcome(kind, context, now, null);
  const admitted = await admission(now);
  if (!admitted.admitted) return rulesOutcome(kind, context, now, pausedNote(admitted));
  const result = await aiRecommendation(kind, context);
  await report(result.ok ? "success" : "failure", now);
  if (result.ok) return result.outcome;
  const { latencyMs, inputTokens, outputTokens } = result.spent;
  return {
    ...rulesOutcome(kind, context, now, result.note),
    latencyMs,
    inputTokens: inputTokens || null,
    outputTokens: outputTokens || null,
  };
}

export function rulesOutcome(
  kind: ReviewItemKind,
  context: DecisionContext,
  now: Date,
  engineNote: string | null,
): EngineOutcome {
  const started = performance.now();
  const recommendation = rulesRecommendation(kind, context, now);
  return {
    recommendation,
    engine: "rules",
    engineNote,
    model: null,
    latencyMs: Math.round(performance.now() - started),
    inputTokens: null,
    outputTokens: null,
  };
}
