import { createHash } from "node:crypto";
import { db, type Prisma, type Tx } from "@/lib/db";
import { formatMoney } from "@/lib/billing/format";
import { emailDigest } from "@/lib/crypto/pii";
import type { ReviewItem, Tenant } from "@/lib/generated/prisma/client";
import type { ReviewAction, ReviewItemKind, ReviewVerdict } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/new-id";
import { recommendationFields } from "@/lib/review/decide/decide-items";
import { decisionContext } from "@/lib/review/decide/decision-context";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import {
  PAYMENT_ISSUE_KIND,
  type PaymentIssueEvidence,
  type PaymentIssueType,
} from "@/lib/review/intake/payment-issue-schemas";
import { paymentIssueSummary, type PaymentIssueBody } from "@/lib/review/intake/payment-issues";
import { basePriority, ESCALATION_PRIORITY } from "@/lib/review/intake/raise-items";
import type { Recommendation } from "@/lib/review/recommendation";
import { suspensionSummary } from "@/lib/review/intake/recommend-suspensions";
import { route, type Route } from "@/lib/review/decide/routing";
import { rulesRecommendation } from "@/lib/review/decide/rules-engine";
import { getReviewSettings, type ReviewSettings } from "@/lib/review/intake/settings";
import { pick, pickWeighted, seededRandom } from "./random";
import {
  between,
  paymentIssue,
  QUEUE,
  raisedSuspension,
  randomSignals,
  ymd,
  type Raised,
  type Random,
} from "./review-cases";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Weeks of decided history: what the analytics page charts. */
const WEEKS = 12;
/** The demo users (DEMO_USERS in seed-demo.ts): the reviewer decides most items, the owner the escalated ones. */
const OWNER = "owner@steward.local";
const REVIEWER = "reviewer@steward.local";
const ENGINE: Actor = { id: null, label: "system:review-engine" };
/** Ids of the items this seed creates start with this; finding one is how a second run knows to do nothing. */
const ID_PREFIX = "demo-review-";
/** Dunning items older than this were decided by a person; younger ones still wait in the queue. */
const DUNNING_BACKLOG_DAYS = 14;
/** Share of automatic executions an owner reopened later. */
const REVERSED_SHARE = 0.15;
const HISTORY_KINDS = {
  suspension: 22,
  payment_decline: 24,
  payment_missed_installment: 16,
  payment_dispute: 14,
  payment_refund_request: 20,
} satisfies Partial<Record<ReviewItemKind, number>>;
const TYPE_OF_KIND = Object.fromEntries(
  Object.entries(PAYMENT_ISSUE_KIND).map(([type, kind]) => [kind, type]),
) as Record<ReviewItemKind, PaymentIssueType>;

/** What a person chooses instead of a recommended action, and writes why (a note is required then). */
const MODIFY: Record<ReviewAction, { to: ReviewAction[]; note: string }> = {
  suspend_tenant: {
    to: ["send_reminder", "dismiss"],
    note: "Long-standing customer: a reminder first, suspension if they do not answer.",
  },
  retry_payment: {
    to: ["send_reminder"],
    note: "Retries keep failing on this card; asking them for a new payment method.",
  },
  send_reminder: {
    to: ["retry_payment", "dismiss"],
    note: "Their bank confirmed the card works again; retrying rather than reminding.",
  },
  approve_refund: {
    to: ["dismiss"],
    note: "The charge is correct; we contest it with the invoice and usage logs.",
  },
  dismiss: {
    to: ["approve_refund", "send_reminder"],
    note: "Not worth contesting for this amount; settling with the customer.",
  },
  change_plan: {
    to: ["dismiss"],
    note: "Their renewal is next month; the account manager discusses the plan then.",
  },
  archive_tenant: { to: ["dismiss"], note: "Seasonal customer: they come back every spring." },
};
const REJECT_NOTES = [
  "Customer already paid by bank transfer; nothing to do.",
  "Enterprise customer on an agreed payment plan with finance.",
  "Known problem on our side last week (payment provider outage).",
  "The evidence does not hold up: usage looks normal.",
  "Handled with the customer directly by support.",
];
const REOPEN_NOTES = [
  "Customer had already paid by bank transfer the same day; the automatic action was not needed.",
  "Support promised this customer a manual review first.",
  "Duplicate of an issue support already settled.",
];

type Actor = { id: string | null; label: string };
type ItemRow = Prisma.ReviewItemCreateManyInput & {
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
type AuditRow = {
  actor: Actor;
  action: string;
  entityId: string;
  before: Prisma.InputJsonObject;
  after: Prisma.InputJsonObject;
  at: Date;
};

/** Log-uniform, so minutes are more common than hours, as in a queue worked through the day. */
const secondsBetween = (random: Random, min: number, max: number) =>
  Math.round(Math.exp(between(random, Math.log(min), Math.log(max))));

class ReviewStory {
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
    const described = this.describe(raised, tenant, id);
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

  /** Source, summary and dedupe key as the recommender or the payment-issues API writes them. */
  private describe(
    raised: Raised,
    tenant: Tenant,
    id: string,
  ): { source: string; summary: string; dedupeKey: string; requestHash?: string } {
    if (raised.kind === "suspension") {
      return {
        source: "recommender.suspension",
        summary: suspensionSummary(tenant.name, raised.score!, raised.factors!),
        dedupeKey: `suspension:${tenant.id}:${ymd(raised.createdAt)}`,
      };
    }
    const evidence = raised.evidence as unknown as PaymentIssueEvidence;
    const key = `demo-${evidence.type.replaceAll("_", "-")}-${id.slice(ID_PREFIX.length)}`;
    const request = {
      idempotency_key: key,
      type: evidence.type,
      tenant: tenant.id,
      details: evidence.details,
      occurred_at: evidence.occurredAt ?? undefined,
    };
    return {
      source: "api.payment-issues",
      summary: paymentIssueSummary(tenant.name, evidence as unknown as PaymentIssueBody),
      dedupeKey: `payment-issue:${key}`,
      requestHash: createHash("sha256").update(JSON.stringify(request)).digest("hex"),
    };
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
    const outcome = action ? this.execution(draft, action) : null;
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

  /** What the execution reported, worded as the executors in lib/review/execute/ word it. Nothing is executed here. */
  private execution({ item, tenant }: Draft, action: ReviewAction): { ok: boolean; detail: string } {
    const evidence = item.evidence as Record<string, unknown>;
    const details = (evidence.details ?? {}) as { amount?: number; currency?: string; decline_code?: string };
    const money = formatMoney(
      details.amount ?? Number(evidence.amountMinor ?? 0),
      details.currency ?? String(evidence.currency ?? "EUR"),
    );
    const declined = (code: unknown) => ({
      ok: false,
      detail: `The billing system declined it (${String(code ?? "insufficient_funds")}).`,
    });
    switch (action) {
      case "dismiss":
        return { ok: true, detail: "Dismissed: nothing to execute." };
      case "send_reminder":
        return {
          ok: true,
          detail: "A payment reminder was queued to the tenant's contact (demo data: no email was sent).",
        };
      case "suspend_tenant":
        if (tenant.status === "cancelled")
          return { ok: false, detail: "The tenant is cancelled; there is nothing to suspend." };
        return {
          ok: true,
          detail: evidence.tenantSuspended
            ? "The tenant was already suspended."
            : `${tenant.name} was suspended.`,
        };
      case "retry_payment":
        // A dunning payment is still failed in the demo's billing: the retry was declined again.
        if (evidence.paymentId) return declined(evidence.lastFailureCode);
        return this.random() < 0.7
          ? { ok: true, detail: `The billing system charged ${money}.` }
          : declined(details.decline_code);
      case "approve_refund":
        return this.random() < 0.92
          ? { ok: true, detail: `${money} was refunded.` }
          : declined("charge_already_refunded");
      default:
        throw new Error(`The demo review history has no '${action}' decisions`);
    }
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

/** One week of history (0 is the oldest): a few more items each week, as the platform grows. */
function seedWeek(
  story: ReviewStory,
  random: Random,
  settings: ReviewSettings,
  week: number,
  now: Date,
): void {
  const start = now.getTime() - (WEEKS - week) * 7 * DAY;
  // Raised at least a day ago, so even the slowest decision is in the past.
  const latest = now.getTime() - 26 * HOUR;
  const count = 10 + Math.floor(week * 0.6);
  for (let n = 0; n < count; n++) {
    const at = new Date(Math.min(latest, start + random() * 7 * DAY));
    const kind = pickWeighted(random, HISTORY_KINDS);
    let raised: Raised;
    if (kind === "suspension") {
      let candidate = raisedSuspension(randomSignals(random), at, settings);
      for (let tries = 0; candidate.score < settings.suspension.threshold && tries < 50; tries++)
        candidate = raisedSuspension(randomSignals(random), at, settings);
      if (candidate.score < settings.suspension.threshold) continue;
      raised = candidate;
    } else {
      raised = {
        kind,
        createdAt: at,
        evidence: paymentIssue(random, TYPE_OF_KIND[kind], at) as unknown as Prisma.InputJsonObject,
      };
    }
    // The tenant is chosen once the engine's answer is known: one recommended for suspension is suspended now.
    const anyone = story.tenantFor(at, "running", kind === "suspension");
    if (!anyone) continue;
    const { recommendation } = story.recommend(raised, anyone, at);
    const tenant =
      recommendation.action === "suspend_tenant"
        ? story.tenantFor(at, random() < 0.1 ? "cancelled" : "suspended")
        : anyone;
    const draft = tenant && story.draft(raised, tenant);
    if (draft) story.decide(draft, week / (WEEKS - 1));
  }
}

/**
 * Review-queue demo data: twelve weeks of decided items of every kind for the analytics page, and an
 * open queue of items in review and escalated (some overdue) for the workspace. Every item carries
 * the rules engine's recommendation for its evidence, routed by the review settings, exactly as the
 * worker would have left it; decisions are the demo reviewer's and owner's or automatic, with the
 * outcomes their executions reported. The dunning items seedBillingHistory raised are routed the
 * same way: the older ones decided, the recent ones waiting, an automatic one recorded as executed
 * (so the worker never executes a demo decision). Nothing is executed: no email, no charge, no
 * tenant changed. Written in one transaction with bulk inserts; idempotent (a second run finds its
 * items and writes nothing).
 */
export async function seedReviewHistory(
  now: Date,
): Promise<{ items: number; decisions: number; dunningRouted: number }> {
  const nothing = { items: 0, decisions: 0, dunningRouted: 0 };
  if (await db.reviewItem.findFirst({ where: { id: { startsWith: ID_PREFIX } }, select: { id: true } }))
    return nothing;
  const users = await db.user.findMany({
    where: { email: { in: [OWNER, REVIEWER] }, disabled: false },
    select: { id: true, email: true, role: true },
  });
  const owner = users.find((u) => u.email === OWNER && u.role === "OWNER");
  const reviewer = users.find((u) => u.email === REVIEWER) ?? owner;
  const tenants = (await db.tenant.findMany({ orderBy: { slug: "asc" } })).filter(
    (t) => t.contactEmailDigest === emailDigest(`billing@${t.slug}.example`) && t.createdAt <= now,
  );
  if (!owner || !reviewer || tenants.length === 0) return nothing;

  const settings = await getReviewSettings();
  const random = seededRandom(20261125);
  // Suspensions the recommender raised already (one per tenant and day) are not raised again.
  const raisedBefore = await db.reviewItem.findMany({
    where: { kind: "suspension" },
    select: { dedupeKey: true },
  });
  const people = {
    owner: { id: owner.id, label: owner.email },
    reviewer: { id: reviewer.id, label: reviewer.email },
  };
  const story = new ReviewStory(
    random,
    settings,
    tenants,
    people,
    now,
    new Set(raisedBefore.map((r) => r.dedupeKey)),
  );
  for (let week = 0; week < WEEKS; week++) seedWeek(story, random, settings, week, now);

  for (const scenario of QUEUE) {
    const at = new Date(now.getTime() - scenario.hoursAgo * HOUR);
    const tenant = story.tenantFor(at, scenario.tenant);
    const raised: Raised | null =
      scenario.kind === "suspension"
        ? raisedSuspension(scenario.signals, at, settings)
        : {
            kind: PAYMENT_ISSUE_KIND[scenario.kind],
            createdAt: at,
            evidence: paymentIssue(
              random,
              scenario.kind,
              at,
              scenario.shape,
            ) as unknown as Prisma.InputJsonObject,
          };
    if (raised.kind === "suspension" && raised.score! < settings.suspension.threshold) continue;
    const draft = tenant && story.draft(raised, tenant);
    if (draft) story.leaveOpen(draft);
  }

  const dunning = await db.reviewItem.findMany({
    where: {
      source: "billing.dunning",
      status: "pending",
      engine: null,
      dedupeKey: { startsWith: "dunning:demo-payment-" },
    },
    include: { tenant: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  for (const row of dunning) {
    const draft = story.dunning(row);
    const age = now.getTime() - row.createdAt.getTime();
    if (draft.routed.autoExecute || age < DUNNING_BACKLOG_DAYS * DAY) story.leaveOpen(draft);
    else story.decide(draft, Math.max(0, 1 - age / (WEEKS * 7 * DAY)));
  }

  await db.$transaction(
    async (tx) => {
      await tx.reviewItem.createMany({ data: story.created });
      // Only a dunning item still pending is routed (a handful: one statement each).
      for (const item of story.routed)
        await tx.reviewItem.updateMany({
          where: { id: item.id, status: "pending" },
          data: routedUpdate(item),
        });
      await tx.reviewDecision.createMany({ data: story.decisions });
      await insertAudits(tx, story.audits);
    },
    { timeout: 60_000 },
  );
  return {
    items: story.created.length,
    decisions: story.decisions.length,
    dunningRouted: story.routed.length,
  };
}

/** The fields routing wrote on an existing item. */
function routedUpdate(item: ItemRow): Prisma.ReviewItemUpdateManyMutationInput {
  const {
    status,
    priority,
    engine,
    policyFile,
    policyHash,
    recommendedDecision,
    recommendedAction,
    confidence,
    reasoning,
    policyApplied,
    latencyMs,
    recommendedAt,
    updatedAt,
  } = item;
  return {
    status,
    priority,
    engine,
    policyFile,
    policyHash,
    recommendedDecision,
    recommendedAction,
    confidence,
    reasoning,
    policyApplied,
    latencyMs,
    recommendedAt,
    updatedAt,
  };
}

/** Audit entries at the times they happened (recordAudits stamps its own time), in one statement. */
async function insertAudits(tx: Tx, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO audit_logs (id, actor_id, actor_label, action, entity_type, entity_id, before, after, created_at)
    SELECT id, actor_id, actor_label, action, 'review_item', entity_id, before, after, created_at FROM unnest(
      ${rows.map(() => newId())}::text[], ${rows.map((r) => r.actor.id)}::text[], ${rows.map((r) => r.actor.label)}::text[],
      ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.entityId)}::text[],
      ${rows.map((r) => JSON.stringify(r.before))}::jsonb[], ${rows.map((r) => JSON.stringify(r.after))}::jsonb[],
      ${rows.map((r) => r.at.toISOString())}::timestamp(3)[]
    ) AS a(id, actor_id, actor_label, action, entity_id, before, after, created_at)`;
}
