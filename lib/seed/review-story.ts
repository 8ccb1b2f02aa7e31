import type { Prisma } from "@/lib/db";
import type { ReviewItem, Tenant } from "@/lib/generated/prisma/client";
import type { ReviewAction, ReviewItemKind, ReviewVerdict } from "@/lib/generated/prisma/enums";
import { recommendationFields } from "@/lib/review/decide/decide-items";
import { decisionContext } from "@/lib/review/decide/decision-context";
import { route, type Route } from "@/lib/review/decide/routing";
import { rulesRecommendation } from "@/lib/review/decide/rules-engine";
import { basePriority, ESCALATION_PRIORITY } from "@/lib/review/intake/raise-items";
import type { ReviewSettings } from "@/lib/review/intake/settings";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { Recommendation } from "@/lib/review/recommendation";
import { pick } from "./random";
import { between, describeRaised, type Raised, type Random } from "./review-cases";
import { demoExecution, MODIFY, REJECT_NOTES, REOPEN_NOTES, secondsBetween } from "./review-choices";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ENGINE: Actor = { id: null, label: "system:review-engine" };
/** Ids of the items this seed creates start with this; finding one is how a second run knows to do nothing. */
export const ID_PREFIX = "demo-review-";
/** Share of automatic executions an owner reopened later. */
const REVERSED_SHARE = 0.15;

export type Actor = { id: string | null; label: string };
export type ItemRow = Prisma.ReviewItemCreateManyInput & {
  id: string;
  kind: ReviewItemKind;
  createdAt: Date;
  recommendedAt: Date;
};
/** An item with the engine's recommendation and route; `existing` when billing created it and it is only routed here. */
type Draft = {
  item: ItemRow;
  tenant: Tenant;
  recommendation: Recommendation;
  routed: Route;
  existing: boolean;
};
export type AuditRow = {
  actor: Actor;
  action: string;
  entityId: string;
  before: Prisma.InputJsonObject;
  after: Prisma.InputJsonObject;
  at: Date;
};

/** Collects the items, decisions (with their executions' outcomes) and audit entries of the review demo. */
export class ReviewStory {
  readonly created: ItemRow[] = [];
  readonly routed: ItemRow[] = [];
  readonly decisions: Prisma.ReviewDecisionCreateManyInput[] = [];
  readonly audits: AuditRow[] = [];
  private sequence = 0;

  constructor(
    private readonly random: Random,
    private readonly settings: ReviewSettings,
    private readonly tenants: Tenant[],
    private readonly people: { owner: Actor; reviewer: Actor },
    private readonly now: Date,
    private readonly dedupeKeys: Set<string>,
  ) {}

  /** The engine's answer and route for an item at `at` (decisionContext: what the engine itself is shown). */
  recommend(
    item: {
      kind: ReviewItemKind;
      createdAt: Date;
      evidence: unknown;
      score?: number | null;
      factors?: unknown;
    },
    tenant: Tenant,
    at: Date,
  ) {
    // decisionContext reads only these fields of an item.
    const stored = { ...item, score: item.score ?? null, factors: item.factors ?? null } as ReviewItem;
    const recommendation = rulesRecommendation(item.kind, decisionContext({ ...stored, tenant }, at), at);
    return { recommendation, routed: route(recommendation, this.settings) };
  }

  /**
   * A demo tenant that existed a fortnight before `at`, in a state that agrees with what happens to it:
   * a suspension executed on it leaves it suspended now (or failed on a cancelled one); anything else leaves it running.
   */
  tenantFor(
    at: Date,
    wanted: "running" | "past_due" | "active" | "suspended" | "cancelled",
    trialsToo = false,
  ): Tenant | null {
    const statuses =
      wanted === "running" ? ["active", "past_due", ...(trialsToo ? ["trialing"] : [])] : [wanted];
    const existing = this.tenants.filter((t) => t.createdAt.getTime() <= at.getTime() - 14 * DAY);
    const fitting = existing.filter((t) => statuses.includes(t.status));
    return fitting.length > 0
      ? pick(this.random, fitting)
      : existing.length > 0
        ? pick(this.random, existing)
        : null;
  }

  /** A new item raised at `raised.createdAt` for `tenant`, with the engine's recommendation a few seconds later. */
  draft(raised: Raised, tenant: Tenant): Draft | null {
    const id = `${ID_PREFIX}${String(++this.sequence).padStart(4, "0")}`;
    const described = describeRaised(raised, tenant, id.slice(ID_PREFIX.length));
    if (this.dedupeKeys.has(described.dedupeKey)) return null;
    this.dedupeKeys.add(described.dedupeKey);
    const recommendedAt = new Date(
      raised.createdAt.getTime() + Math.round(between(this.random, 3, 90)) * 1000,
    );
    const { recommendation, routed } = this.recommend(raised, tenant, recommendedAt);
    const item: ItemRow = {
      id,
      kind: raised.kind,
      tenantId: tenant.id,
      ...described,
      evidence: raised.evidence,
      score: raised.score,
      factors: raised.factors as Prisma.InputJsonArray | undefined,
      dueAt: new Date(raised.createdAt.getTime() + this.settings.slaHours[raised.kind] * HOUR),
      createdAt: raised.createdAt,
      ...this.routedFields(
        raised.kind,
        basePriority(raised.kind, raised.score),
        recommendation,
        routed,
        recommendedAt,
      ),
    };
    return { item, tenant, recommendation, routed, existing: false };
  }

  /** A dunning item billing raised, recommended and routed the moment it was raised. */
  dunning(row: ReviewItem & { tenant: Tenant }): Draft {
    const { tenant, ...stored } = row;
    const recommendedAt = new Date(
      stored.createdAt.getTime() + Math.round(between(this.random, 3, 90)) * 1000,
    );
    const { recommendation, routed } = this.recommend(stored, tenant, recommendedAt);
    const { id, kind, tenantId, source, summary, dedupeKey, dueAt, createdAt } = stored;
    const item: ItemRow = {
      id,
      kind,
      tenantId,
      source,
      summary,
      dedupeKey,
      dueAt,
      createdAt,
      evidence: stored.evidence as Prisma.InputJsonObject,
      ...this.routedFields(kind, stored.priority, recommendation, routed, recommendedAt),
    };
    return { item, tenant, recommendation, routed, existing: true };
  }

  /** What the engine writes on an item it routes (decide/decide-items.ts applyOutcome): escalated items jump the queue. */
  private routedFields(
    kind: ReviewItemKind,
    priority: number,
    recommendation: Recommendation,
    routed: Route,
    recommendedAt: Date,
  ) {
    const outcome = {
      recommendation,
      engine: "rules" as const,
      engineNote: null,
      model: null,
      latencyMs: Math.floor(this.random() * 3),
      inputTokens: null,
      outputTokens: null,
    };
    return {
      status: routed.status,
      priority: priority + (routed.status === "escalated" ? ESCALATION_PRIORITY : 0),
      ...recommendationFields(kind, outcome, recommendedAt),
      updatedAt: recommendedAt,
    };
  }

  /** Routed and waiting for a person (or executed automatically, recorded as done). */
  leaveOpen(draft: Draft): void {
    this.record(draft);
    if (draft.routed.autoExecute) this.autoExecute(draft, 0);
  }

  /**
   * Decided as the weeks went: executed automatically (an owner reversing a few later), or by the
   * reviewer (the owner when escalated), who agrees with the engine more as `progress` goes 0 → 1.
   */
  decide(draft: Draft, progress: number): void {
    this.record(draft);
    if (draft.routed.autoExecute) return this.autoExecute(draft, REVERSED_SHARE);
    const escalated = draft.routed.status === "escalated";
    const actor = escalated || this.random() < 0.25 ? this.people.owner : this.people.reviewer;
    const at = new Date(
      draft.item.recommendedAt.getTime() +
        secondsBetween(this.random, 5 * 60, escalated ? 86_400 : 8 * 3_600) * 1000,
    );
    const agreeing = 0.5 + 0.38 * progress;
    const roll = this.random();
    this.personDecides(
      draft,
      actor,
      roll < agreeing ? "approved" : roll < agreeing + (1 - agreeing) * 0.55 ? "modified" : "rejected",
      at,
      draft.routed.status,
    );
  }

  private record({ item, recommendation, routed, existing }: Draft): void {
    (existing ? this.routed : this.created).push(item);
    this.audit(
      item,
      ENGINE,
      routed.autoExecute ? "review_item.auto_executed" : "review_item.routed",
      item.recommendedAt,
      { status: "pending" },
      {
        status: routed.status,
        engine: "rules",
        engineNote: null,
        action: recommendation.action,
        confidence: recommendation.confidence,
        policy: item.policyFile!,
        policyHash: item.policyHash!,
        why: routed.why,
      },
    );
  }

  private autoExecute(draft: Draft, reversedShare: number): void {
    const at = draft.item.recommendedAt;
    const decision = this.decision(
      draft,
      "auto_executed",
      draft.recommendation.action,
      draft.routed.why,
      ENGINE,
      at,
    );
    draft.item.status = "approved";
    const reopenAt = new Date(at.getTime() + between(this.random, 2, 30) * HOUR);
    if (this.random() >= reversedShare || reopenAt.getTime() > this.now.getTime() - 2 * HOUR) return;
    // The owner reopened it: the decision stays, marked reversed (what it executed is not undone), and the owner decides again.
    const { owner } = this.people;
    const note = pick(this.random, REOPEN_NOTES);
    Object.assign(decision, { reversedAt: reopenAt, reversedById: owner.id });
    this.audit(
      draft.item,
      owner,
      "review_item.reopened",
      reopenAt,
      {
        status: "approved",
        decision: {
          verdict: "auto_executed",
          action: decision.action ?? null,
          by: ENGINE.label,
          execution: decision.executionStatus ?? null,
        },
      },
      { status: "in_review", note },
    );
    this.personDecides(
      draft,
      owner,
      this.random() < 0.6 ? "rejected" : "modified",
      new Date(reopenAt.getTime() + between(this.random, 5, 60) * MINUTE),
      "in_review",
      note,
    );
  }

  private personDecides(
    draft: Draft,
    actor: Actor,
    wanted: Exclude<ReviewVerdict, "auto_executed">,
    at: Date,
    from: string,
    why?: string,
  ): void {
    const { item, tenant } = draft;
    const recommended = draft.recommendation.action;
    // Suspending instead is only chosen where the tenant is suspended now, so the demo's tenants agree with their history.
    const alternatives = MODIFY[recommended].to.filter(
      (a) =>
        REVIEW_KINDS[item.kind].actions.includes(a) &&
        (a !== "suspend_tenant" || tenant.status === "suspended"),
    );
    const verdict = wanted === "modified" && alternatives.length === 0 ? "approved" : wanted;
    const action =
      verdict === "approved" ? recommended : verdict === "modified" ? pick(this.random, alternatives) : null;
    const note =
      verdict === "approved"
        ? this.random() < 0.3
          ? "As the policy says."
          : null
        : (why ?? (verdict === "modified" ? MODIFY[recommended].note : pick(this.random, REJECT_NOTES)));
    this.decision(draft, verdict, action, note, actor, at);
    Object.assign(item, { status: verdict, updatedAt: at });
    const recommendation = {
      engine: "rules",
      action: recommended,
      decision: item.recommendedDecision!,
      confidence: item.confidence!,
      policy: item.policyFile!,
      policyHash: item.policyHash!,
    };
    this.audit(
      item,
      actor,
      `review_item.${verdict}`,
      at,
      { status: from, recommendation },
      { status: verdict, verdict, action, note },
    );
  }

  /** A decision as recordDecision writes it, with the outcome its execution had seconds later. */
  private decision(
    draft: Draft,
    verdict: ReviewVerdict,
    action: ReviewAction | null,
    note: string | null,
    actor: Actor,
    at: Date,
  ): Prisma.ReviewDecisionCreateManyInput {
    const { item } = draft;
    const outcome = action ? demoExecution(this.random, draft, action) : null;
    const decision: Prisma.ReviewDecisionCreateManyInput = {
      id: `${ID_PREFIX}decision-${String(this.decisions.length + 1).padStart(4, "0")}`,
      itemId: item.id,
      kind: item.kind,
      verdict,
      action,
      note,
      actorId: actor.id,
      actorLabel: actor.label,
      recommendedAction: item.recommendedAction,
      recommendedConfidence: item.confidence,
      engine: "rules",
      policyFile: item.policyFile,
      policyHash: item.policyHash,
      secondsToDecision: Math.round((at.getTime() - item.createdAt.getTime()) / 1000),
      decidedAt: at,
      executionStatus: outcome ? (outcome.ok ? "succeeded" : "failed") : null,
      executionDetail: outcome?.detail ?? null,
      executedAt: outcome
        ? new Date(at.getTime() + (action === "dismiss" ? 0 : Math.round(between(this.random, 2, 40)) * 1000))
        : null,
    };
    this.decisions.push(decision);
    return decision;
  }

  private audit(
    item: ItemRow,
    actor: Actor,
    action: string,
    at: Date,
    before: Prisma.InputJsonObject,
    after: Prisma.InputJsonObject,
  ): void {
    this.audits.push({ actor, action, entityId: item.id, before, after, at });
  }
}
