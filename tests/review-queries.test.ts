import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import type { ReviewItemKind, Role } from "@/lib/generated/prisma/enums";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { ANALYTICS_WEEKS, reviewAnalytics } from "@/lib/review/queries/analytics";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { executeReviewDecision } from "@/lib/review/execute/execute-decision";
import { listReviewItems, reviewItemDetail, reviewQueueCounts } from "@/lib/review/queries/review-items";
import { raiseReviewItems } from "@/lib/review/intake/raise-items";
import type { Factor } from "@/lib/review/recommendation";
import { claimItem, decideItem, reopenItem } from "@/lib/review/human/review-actions";
import { reviewFiltersSchema } from "@/lib/review/schemas";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { makeTenant, makeUser } from "./setup/fixtures";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

await ensureDefaultTemplates();
afterAll(() => closeQueues());

const { actor: owner, user: ownerUser } = await makeUser("OWNER", { email: "olga@queries.test" });
const { actor: ana } = await makeUser("REVIEWER", { email: "ana@queries.test" });
const { actor: ben } = await makeUser("REVIEWER", { email: "ben@queries.test" });

const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const day = (at: Date) => at.toISOString().slice(0, 10);

let seq = 0;
/** A review item raised at `createdAt` for a new active tenant, as the API or the recommender would raise it. */
async function raise(
  kind: ReviewItemKind,
  evidence: Prisma.InputJsonObject,
  createdAt: Date,
  scored?: { score: number; factors: Factor[] },
) {
  const tenant = await makeTenant(owner, { timezone: "UTC" });
  await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
  const [id] = await db.$transaction((tx) =>
    raiseReviewItems(
      tx,
      [
        {
          kind,
          tenantId: tenant.id,
          source: "test",
          summary: `${tenant.name}: ${kind}`,
          evidence,
          dedupeKey: `queries:${seq++}`,
          ...scored,
        },
      ],
      DEFAULT_REVIEW_SETTINGS,
      createdAt,
    ),
  );
  return { id, tenant };
}

const missedInstallment = (daysOverdue: number, at: Date) => ({
  type: "missed_installment",
  details: {
    plan_reference: "plan_1",
    installment: 2,
    amount: 2500,
    currency: "EUR",
    due_date: day(new Date(at.getTime() - daysOverdue * DAY)),
  },
  occurredAt: null,
});
const dispute = (reason: string) => ({
  type: "dispute",
  details: { payment_reference: `ch_${seq}`, amount: 4900, currency: "EUR", reason },
  occurredAt: null,
});
const refundRequest = (paidDaysAgo: number, at: Date) => ({
  type: "refund_request",
  details: {
    payment_reference: `ch_${seq}`,
    amount: 2000,
    currency: "EUR",
    paid_on: day(new Date(at.getTime() - paidDaysAgo * DAY)),
    reason: "Not needed",
  },
  occurredAt: null,
});

// Automatic executions outside the window (100 days ago) and three weeks ago, each decided when it was raised.
const ancientNow = ago(100 * DAY);
const ancientRefund = await raise("payment_refund_request", refundRequest(3, ancientNow), ancientNow);
await decidePendingItems(ancientNow);
const threeWeeksAgo = ago(21 * DAY);
const oldRefund = await raise("payment_refund_request", refundRequest(3, threeWeeksAgo), threeWeeksAgo);
await decidePendingItems(threeWeeksAgo);

// Today's items. With the default thresholds (auto ≥ 90, review ≥ 70) the rules engine routes them:
const fraud = await raise("payment_dispute", dispute("fraudulent"), ago(4 * HOUR)); //           suspend 60 → escalated, priority 130
const duplicate = await raise("payment_dispute", dispute("duplicate"), ago(HOUR)); //             refund 82 → review, 30
const decline = await raise(
  "payment_decline",
  {
    type: "decline",
    details: {
      payment_reference: "ch_d",
      amount: 4900,
      currency: "EUR",
      decline_code: "insufficient_funds",
      attempt: 3,
    },
    occurredAt: null,
  },
  ago(6 * HOUR),
); // reminder 80 → review, 20
const suspension = await raise("suspension", { daysInactive: 20, unpaidPayments: 2 }, ago(2 * HOUR), {
  score: 40,
  factors: [
    {
      key: "unpaid",
      label: "Unpaid payments",
      weight: 35,
      points: 35,
      explanation: "2 payment(s) failed or being retried (fully at 2)",
    },
    {
      key: "inactivity",
      label: "Inactivity",
      weight: 20,
      points: 5,
      explanation: "No activity for 20 days (counts from 14, fully at 60)",
    },
  ],
}); //                                                                                                reminder 80 → review, 14
const missedOld = await raise("payment_missed_installment", missedInstallment(10, now), ago(5 * DAY)); //      reminder 80 → review, 10, overdue
const missedLate = await raise("payment_missed_installment", missedInstallment(12, now), ago(3 * DAY)); //     reminder 80 → review, 10, overdue
const missedNew = await raise("payment_missed_installment", missedInstallment(20, now), ago(30 * MINUTE)); //  reminder 80 → review, 10
const refundLate = await raise("payment_refund_request", refundRequest(20, now), ago(30 * MINUTE)); //         refund 80 → review, 0
const missedRecent = await raise("payment_missed_installment", missedInstallment(3, now), now); //             reminder 92 → executed
const refundSmall = await raise("payment_refund_request", refundRequest(2, now), now); //                      refund 95 → executed
await decidePendingItems(now);

const filters = (raw: Record<string, string> = {}) => reviewFiltersSchema.parse(raw);
const list = (
  raw: Record<string, string> = {},
  settings = DEFAULT_REVIEW_SETTINGS,
  viewer: string | null = ana.id,
  role: Role = "OWNER",
) => listReviewItems(filters(raw), settings, { id: viewer, role }, now);
const ids = async (raw: Record<string, string> = {}, settings = DEFAULT_REVIEW_SETTINGS) =>
  (await list(raw, settings)).rows.map((r) => r.id);

describe("the queue", () => {
  it("holds items waiting for a person, the highest priority first and then the earliest due; overdue ones are marked", async () => {
    const page = await list();
    expect(page.rows.map((r) => r.id)).toEqual([
      fraud.id,
      duplicate.id,
      decline.id,
      suspension.id,
      missedOld.id,
      missedLate.id,
      missedNew.id,
      refundLate.id,
    ]);
    expect(page).toMatchObject({ total: 8, page: 1, pageCount: 1 });
    expect(page.rows.filter((r) => r.overdue).map((r) => r.id)).toEqual([missedOld.id, missedLate.id]);
    expect(page.rows[0]).toMatchObject({
      kind: "payment_dispute",
      status: "escalated",
      priority: 130,
      confidence: 60,
      recommendedAction: "suspend_tenant",
      engine: "rules",
      tenant: { id: fraud.tenant.id, name: fraud.tenant.name },
      claim: null,
    });
    expect(await reviewQueueCounts(now)).toEqual({ awaiting: 8, escalated: 1, overdue: 2, pending: 0 });
  });

  it("for a reviewer leaves out the escalated items only an owner decides, unless asked for them", async () => {
    const reviewerIds = async (raw: Record<string, string> = {}) =>
      (await list(raw, DEFAULT_REVIEW_SETTINGS, ana.id, "REVIEWER")).rows.map((r) => r.id);
    expect(await reviewerIds()).toEqual([
      duplicate.id,
      decline.id,
      suspension.id,
      missedOld.id,
      missedLate.id,
      missedNew.id,
      refundLate.id,
    ]);
    expect(await reviewerIds({ status: "escalated" })).toEqual([fraud.id]);
  });

  it("filters by kind, status, engine and confidence band (the band follows the routing thresholds in force)", async () => {
    expect(await ids({ kind: "payment_missed_installment" })).toEqual([
      missedOld.id,
      missedLate.id,
      missedNew.id,
    ]);
    expect(await ids({ status: "escalated" })).toEqual([fraud.id]);
    expect(await ids({ status: "decided" })).toEqual([
      missedRecent.id,
      ancientRefund.id,
      oldRefund.id,
      refundSmall.id,
    ]);
    expect(await ids({ status: "decided", band: "auto" })).toHaveLength(4);
    expect(await ids({ status: "open" })).toHaveLength(8);
    expect(await ids({ band: "review" })).toEqual([
      duplicate.id,
      decline.id,
      suspension.id,
      missedOld.id,
      missedLate.id,
      missedNew.id,
      refundLate.id,
    ]);
    expect(await ids({ band: "escalate" })).toEqual([fraud.id]);
    expect(await ids({ band: "auto" })).toEqual([]);
    expect(await ids({ engine: "rules", kind: "payment_dispute" })).toEqual([fraud.id, duplicate.id]);
    expect(await ids({ engine: "ai" })).toEqual([]);

    const lowered = { ...DEFAULT_REVIEW_SETTINGS, reviewAt: 60 };
    expect(await ids({ band: "escalate" }, lowered)).toEqual([]);
    expect(await ids({ band: "review" }, lowered)).toHaveLength(8);
    // A bad filter value is dropped rather than failing the page.
    expect(await ids({ kind: "nonsense", band: "huge" })).toHaveLength(8);
    expect((await list({ page: "2" })).rows).toEqual([]);
  });

  it("shows a live claim: mine to the claimer, by whom to everyone else", async () => {
    expect(await claimItem.execute(ana, { itemId: decline.id })).toMatchObject({ claimed: true });
    expect(
      (await list({}, DEFAULT_REVIEW_SETTINGS, ana.id)).rows.find((r) => r.id === decline.id)?.claim,
    ).toMatchObject({ mine: true, by: expect.stringContaining("ana@queries.test") });
    expect(
      (await list({}, DEFAULT_REVIEW_SETTINGS, ben.id)).rows.find((r) => r.id === decline.id)?.claim,
    ).toMatchObject({ mine: false, by: expect.stringContaining("ana@queries.test") });
    expect((await reviewItemDetail(decline.id, ben.id, now)).claim).toMatchObject({ mine: false });
    // A claim older than REVIEW_CLAIM_MINUTES is no claim at all.
    await db.reviewItem.update({ where: { id: decline.id }, data: { claimedAt: ago(11 * MINUTE) } });
    expect((await reviewItemDetail(decline.id, ben.id, now)).claim).toBeNull();
  });
});

describe("an item's detail", () => {
  it("has the tenant's context, the score and factors, the evidence and how the engine recommended", async () => {
    const detail = await reviewItemDetail(suspension.id, ana.id, now);
    expect(detail).toMatchObject({
      kind: "suspension",
      status: "in_review",
      overdue: false,
      score: 40,
      evidence: { daysInactive: 20, unpaidPayments: 2 },
      allowedActions: ["suspend_tenant", "send_reminder", "dismiss"],
      tenant: {
        id: suspension.tenant.id,
        name: suspension.tenant.name,
        plan: "pro",
        status: "active",
        ageDays: 0,
      },
      recommendation: {
        action: "send_reminder",
        decision: "remind first",
        confidence: 80,
        engine: "rules",
        engineNote: null,
        model: null,
        policyFile: "suspension.md",
        policyApplied: "S2 Unpaid only",
        inputTokens: null,
      },
      claim: null,
      decisions: [],
    });
    expect(detail.factors.map((f) => [f.label, f.points, f.weight])).toEqual([
      ["Unpaid payments", 35, 35],
      ["Inactivity", 5, 20],
    ]);
    expect(detail.recommendation?.policyHash).toMatch(/^[0-9a-f]{12}$/);
    expect(detail.recommendation?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(detail.recommendation?.reasoning).toContain("a reminder comes before a suspension");
  });

  it("lists the decisions with their execution's outcome, and a reopened one as reversed by whom", async () => {
    const auto = await reviewItemDetail(refundSmall.id, owner.id, now);
    expect(auto.status).toBe("approved");
    expect(auto.decisions).toMatchObject([
      {
        verdict: "auto_executed",
        action: "approve_refund",
        actorLabel: "system:review-engine",
        recommendedConfidence: 95,
        executionStatus: "queued",
        reversedAt: null,
      },
    ]);
    // The worker executes it; no billing endpoint is configured in tests, so the refund fails, visibly.
    await executeReviewDecision(auto.decisions[0].id, null, { finalAttempt: true });
    await reopenItem.execute(owner, {
      itemId: refundSmall.id,
      note: "The customer had already been refunded by hand",
    });
    const reopened = await reviewItemDetail(refundSmall.id, owner.id, now);
    expect(reopened).toMatchObject({ status: "in_review" });
    expect(reopened.decisions).toMatchObject([
      {
        verdict: "auto_executed",
        executionStatus: "failed",
        executionDetail: expect.stringContaining("No billing endpoint is configured"),
        reversedBy: "olga@queries.test",
      },
    ]);
    expect(reopened.decisions[0].reversedAt).not.toBeNull();
  });

  it("is not found for an unknown or malformed id", async () => {
    await expect(reviewItemDetail("no-such-item", ana.id, now)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(reviewItemDetail("bad id\u0000", ana.id, now)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("analytics", () => {
  it("counts agreement per kind, policy and week, reversed automatic executions, throughput, time to decision and queue age", async () => {
    await decideItem.execute(ana, { itemId: duplicate.id, verdict: "approve" }); //                            ~1 h after creation
    await decideItem.execute(ana, {
      itemId: missedLate.id,
      verdict: "reject",
      note: "Paid by bank transfer",
    }); //  ~3 days
    await decideItem.execute(ana, { itemId: suspension.id, verdict: "approve" }); //                           ~2 h
    await decideItem.execute(owner, {
      itemId: refundLate.id,
      verdict: "modify",
      action: "dismiss",
      note: "Outside the refund window",
    }); // ~30 min
    await expect(decideItem.execute(ana, { itemId: fraud.id, verdict: "approve" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await decideItem.execute(owner, { itemId: fraud.id, verdict: "approve" }); //                              ~4 h
    // The owner's decision was made ten days ago: in the 30-day figures, not in the 7-day ones.
    const tenDaysAgo = ago(10 * DAY);
    await db.reviewDecision.updateMany({ where: { itemId: refundLate.id }, data: { decidedAt: tenDaysAgo } });

    const analytics = await reviewAnalytics(new Date());
    const byKind = Object.fromEntries(analytics.byKind.map((k) => [k.kind, k]));
    expect(byKind).toEqual({
      payment_dispute: { kind: "payment_dispute", approved: 2, modified: 0, rejected: 0, total: 2 },
      payment_missed_installment: {
        kind: "payment_missed_installment",
        approved: 0,
        modified: 0,
        rejected: 1,
        total: 1,
      },
      suspension: { kind: "suspension", approved: 1, modified: 0, rejected: 0, total: 1 },
      payment_refund_request: {
        kind: "payment_refund_request",
        approved: 0,
        modified: 1,
        rejected: 0,
        total: 1,
      },
    });

    expect(analytics.byPolicy).toHaveLength(4);
    const disputePolicy = analytics.byPolicy.find((p) => p.kind === "payment_dispute")!;
    expect(disputePolicy).toMatchObject({ policyFile: "payment-dispute.md", approved: 2, total: 2 });
    expect(disputePolicy.policyHash).toMatch(/^[0-9a-f]{12}$/);

    // Twelve weeks, the current one last; today's four human decisions and two automatic executions in it.
    expect(analytics.weeks).toHaveLength(ANALYTICS_WEEKS);
    expect(analytics.weeks.at(-1)).toMatchObject({ approved: 3, modified: 0, rejected: 1, autoExecuted: 2 });
    const weekOf = (at: Date) => {
      const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
      return day(new Date(midnight - ((at.getUTCDay() + 6) % 7) * DAY));
    };
    expect(analytics.weeks.find((w) => w.week === weekOf(threeWeeksAgo))).toMatchObject({ autoExecuted: 1 });
    expect(analytics.weeks.find((w) => w.week === weekOf(tenDaysAgo))).toMatchObject({ modified: 1 });
    expect(analytics.weeks.reduce((sum, w) => sum + w.autoExecuted, 0)).toBe(3);
    expect(analytics.weeks[0].week).toBe(weekOf(ago((ANALYTICS_WEEKS - 1) * 7 * DAY)));

    // The 100-day-old execution is outside the window; the reopened refund counts as reversed, its execution as failed.
    expect(Object.fromEntries(analytics.auto.map((a) => [a.kind, a]))).toEqual({
      payment_refund_request: { kind: "payment_refund_request", executed: 2, reversed: 1, failed: 1 },
      payment_missed_installment: { kind: "payment_missed_installment", executed: 1, reversed: 0, failed: 0 },
    });

    const reviewers = Object.fromEntries(analytics.reviewers.map((r) => [r.reviewer, r]));
    expect(Object.keys(reviewers)).toEqual(["ana@queries.test", "olga@queries.test"]);
    expect(reviewers["ana@queries.test"]).toMatchObject({ last7Days: 3, last30Days: 3 });
    expect(reviewers["olga@queries.test"]).toMatchObject({
      actorId: ownerUser.id,
      last7Days: 1,
      last30Days: 2,
    });
    // Medians of seconds from creation to decision (a few seconds later than planned: the test takes time).
    const near = (value: number | null, seconds: number) => {
      expect(value).not.toBeNull();
      expect(value!).toBeGreaterThanOrEqual(seconds);
      expect(value!).toBeLessThan(seconds + 120);
    };
    near(reviewers["ana@queries.test"].medianSeconds30Days, 2 * 3600); //        1 h, 2 h, 3 days
    near(reviewers["olga@queries.test"].medianSeconds30Days, (1800 + 4 * 3600) / 2); // 30 min and 4 h
    expect(analytics.speed).toMatchObject({ decisions7Days: 4, decisions30Days: 5 });
    near(analytics.speed.medianSeconds30Days, 2 * 3600); //                        30 min, 1 h, 2 h, 4 h, 3 days
    near(analytics.speed.medianSeconds7Days, (2 * 3600 + 4 * 3600) / 2); //          1 h, 2 h, 4 h, 3 days

    // Still open: the reopened refund (raised now), the old missed installment (5 days, overdue), the new one (30 min), the decline (6 h).
    expect(analytics.age).toMatchObject({
      open: 4,
      overdue: 1,
      withinSla: 3,
      buckets: [
        { bucket: "under 1 hour", items: 2, overdue: 0 },
        { bucket: "1–4 hours", items: 0, overdue: 0 },
        { bucket: "4–24 hours", items: 1, overdue: 0 },
        { bucket: "1–3 days", items: 0, overdue: 0 },
        { bucket: "over 3 days", items: 1, overdue: 1 },
      ],
    });
    expect(analytics.age.oldestCreatedAt?.getTime()).toBe(ago(5 * DAY).getTime());
  });
});
