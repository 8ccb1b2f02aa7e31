import { db, type Prisma, type Tx } from "@/lib/db";
import { emailDigest } from "@/lib/crypto/pii";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/new-id";
import { getReviewSettings, type ReviewSettings } from "@/lib/review/intake/settings";
import { PAYMENT_ISSUE_KIND, type PaymentIssueType } from "@/lib/review/intake/payment-issue-schemas";
import { pickWeighted, seededRandom } from "./random";
import {
  paymentIssue,
  QUEUE,
  raisedSuspension,
  randomSignals,
  type Raised,
  type Random,
} from "./review-cases";
import { ID_PREFIX, ReviewStory, type AuditRow, type ItemRow } from "./review-story";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Weeks of decided history: what the analytics page charts. */
const WEEKS = 12;
/** The demo users (DEMO_USERS in seed-demo.ts): the reviewer decides most items, the owner the escalated ones. */
const OWNER = "owner@steward.local";
const REVIEWER = "reviewer@steward.local";
/** Dunning items older than this were decided by a person; younger ones still wait in the queue. */
const DUNNING_BACKLOG_DAYS = 14;
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
