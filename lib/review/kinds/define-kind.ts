import type { ReviewAction } from "@/lib/generated/prisma/enums";
import type { DecisionContext, Recommendation } from "@/lib/review/recommendation";

/** A kind's policy written as code: the same answer for the same item, no network needed. */
export type Rule = (context: DecisionContext, now: Date) => Recommendation;

/** Everything the pipeline needs to know about one kind of review item. */
export type ReviewKind = {
  label: string;
  /** Its policy under policies/: what the engines (and a reviewer) apply to it. */
  policyFile: string;
  /** The actions a decision on it may execute. */
  actions: readonly ReviewAction[];
  /** Where it starts in the queue before routing (disputes have bank deadlines; refunds can wait). */
  basePriority: number;
  /** Extra priority from the item's score, when its kind has one. */
  scorePriority?: (score: number) => number;
  /** Hours from creation within which it should be decided, unless the owner's settings say otherwise. */
  defaultSlaHours: number;
  /** The rules engine's answer: the policy file's sections as code, named the same (S1, R2, …). */
  rule: Rule;
  /** How a payment reminder about it ends "We are writing because …", when it allows one. */
  reminderReason?: string;
};

/** A kind's definition, checked against the shape every kind has. */
export const defineKind = (kind: ReviewKind): ReviewKind => kind;
