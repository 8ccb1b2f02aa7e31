import { z } from "zod";
import type { ReviewAction, ReviewEngine } from "@/lib/generated/prisma/enums";
import { ReviewAction as ReviewActions } from "@/lib/generated/prisma/enums";

/** What a decision engine answers about one item; the AI's JSON must match this exactly. */
export const recommendationSchema = z.strictObject({
  /** A short verdict in words, e.g. "suspend", "refund", "keep active". */
  decision: z.string().trim().min(1).max(80),
  action: z.enum(Object.values(ReviewActions) as [ReviewAction, ...ReviewAction[]]),
  confidence: z.number().int().min(0).max(100),
  reasoning: z.string().trim().min(1).max(4_000),
  /** The section or rule of the policy the decision rests on. */
  policy_applied: z.string().trim().min(1).max(200),
});

export type Recommendation = z.output<typeof recommendationSchema>;

/** A recommendation with how it was made, as stored on the item. */
export type EngineOutcome = {
  recommendation: Recommendation;
  engine: ReviewEngine;
  /** Why this engine decided when another was configured (circuit open, invalid AI answer, …). */
  engineNote: string | null;
  model: string | null;
  latencyMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
};

/** What the engine sees of an item: the minimum its policy needs (no names, no contact details). */
export type DecisionContext = {
  kind: string;
  /** When the request behind the item happened (a payment issue's occurred_at, else when it was raised). */
  raisedAt: string;
  evidence: Record<string, unknown>;
  /** Suspension recommender: the score and its factors. */
  score: number | null;
  factors: Factor[] | null;
  tenant: { plan: string; status: string; ageDays: number; billingSuspended: boolean };
};

/** One explained contribution to a suspension score. */
export type Factor = {
  key: string;
  label: string;
  /** The most points this factor can add (its weight). */
  weight: number;
  points: number;
  /** In words, with the measured value, e.g. "No activity for 41 days (counts from 14, fully at 60)". */
  explanation: string;
};
