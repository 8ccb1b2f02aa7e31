import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { closeQueues, getQueue } from "@/lib/jobs/queues";
import { recommendationFields } from "@/lib/review/decide/decide-items";
import { decisionContext } from "@/lib/review/decide/decision-context";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import {
  PAYMENT_ISSUE_KIND,
  paymentIssueDetails,
  type PaymentIssueEvidence,
} from "@/lib/review/intake/payment-issue-schemas";
import { basePriority, ESCALATION_PRIORITY } from "@/lib/review/intake/raise-items";
import type { Factor } from "@/lib/review/recommendation";
import { route } from "@/lib/review/decide/routing";
import { rulesRecommendation } from "@/lib/review/decide/rules-engine";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { seedDemo } from "@/lib/seed/seed-demo";
import { seedReviewHistory } from "@/lib/seed/seed-reviews";

afterAll(() => closeQueues());

const DAY = 86_400_000;
const now = new Date("2026-11-18T12:00:00.000Z");
const OPEN = ["in_review", "escalated"];

// Tenant health raises its own items after this history, for the worker to decide (tests/seed-documents.test.ts).
const HEALTH_KINDS: ReviewItemKind[] = [
  "document_expired",
  "plan_downgrade",
  "plan_upgrade",
  "tenant_archive",
];
const allItems = () =>
  db.reviewItem.findMany({
    where: { kind: { notIn: HEALTH_KINDS } },
    include: { tenant: true, decisions: { orderBy: [{ decidedAt: "asc" }, { id: "asc" }] } },
    orderBy: { id: "asc" },
  });
type Item = Awaited<ReturnType<typeof allItems>>[number];

/** What the rules engine answers for the item when it recommended, and where the settings route that. */
function engineAnswer(item: Item) {
  const recommendation = rulesRecommendation(
    item.kind,
    decisionContext(item, item.recommendedAt!),
    item.recommendedAt!,
  );
  return { recommendation, routed: route(recommendation, DEFAULT_REVIEW_SETTINGS) };
}

async function counts() {
  const ids = (
    await db.reviewItem.findMany({ where: { kind: { notIn: HEALTH_KINDS } }, select: { id: true } })
  ).map((item) => item.id);
  return {
    items: ids.length,
    decisions: await db.reviewDecision.count(),
    audits: await db.auditLog.count({ where: { entityType: "review_item", entityId: { in: ids } } }),
  };
}

describe("demo review seed", () => {
  it("opens the queue with items in review and escalated, some overdue, each recommended by the rules engine and routed as the worker would", async () => {
    await seedDemo({ now });
    const items = await allItems();
    const { id: ownerId } = await db.user.findUniqueOrThrow({ where: { email: "owner@steward.local" } });

    expect(items.filter((i) => i.status === "pending")).toEqual([]);
    const open = items.filter((i) => OPEN.includes(i.status));
    expect(open.length).toBeGreaterThanOrEqual(12);
    expect(new Set(open.map((i) => i.status))).toEqual(new Set(OPEN));
    expect(
      open.some(
        (i) =>
          i.kind === "suspension" &&
          i.status === "in_review" &&
          i.recommendedAction === "suspend_tenant" &&
          ["active", "past_due"].includes(i.tenant.status),
      ),
    ).toBe(true);
    expect(open.some((i) => i.kind === "payment_dispute" && i.status === "escalated")).toBe(true);
    const overdue = open.filter((i) => i.dueAt < now);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(open.length);
    expect(open.every((i) => i.createdAt < now && i.decisions.length === 0 && i.claimedById === null)).toBe(
      true,
    );

    for (const item of items) {
      const { recommendation, routed } = engineAnswer(item);
      // What the engine itself would store for the rules' answer (its latency aside).
      const stored = recommendationFields(
        item.kind,
        {
          recommendation,
          engine: "rules",
          engineNote: null,
          model: null,
          latencyMs: item.latencyMs ?? 0,
          inputTokens: null,
          outputTokens: null,
        },
        item.recommendedAt!,
      );
      expect(item, item.summary).toMatchObject({
        ...stored,
        priority:
          basePriority(item.kind, item.score) + (routed.status === "escalated" ? ESCALATION_PRIORITY : 0),
        dueAt: new Date(item.createdAt.getTime() + DEFAULT_REVIEW_SETTINGS.slaHours[item.kind] * 3_600_000),
      });
      expect(
        item.recommendedAt! > item.createdAt &&
          item.recommendedAt!.getTime() - item.createdAt.getTime() < 2 * 60_000,
        item.summary,
      ).toBe(true);
      if (OPEN.includes(item.status)) expect(item.status, item.summary).toBe(routed.status);
      // A decided item's first decision is where the engine routed it: executed at once, or a person's (the owner's when escalated).
      const [first] = item.decisions;
      if (!OPEN.includes(item.status)) {
        expect(first.verdict === "auto_executed", item.summary).toBe(routed.autoExecute);
        if (routed.status === "escalated") expect(first.actorId, item.summary).toBe(ownerId);
      }
    }
    // Every routing outcome is in the demo, and nothing the worker could pick up: no item waiting for the engine, no execution queued.
    expect(new Set(items.map((i) => engineAnswer(i).routed.status))).toEqual(
      new Set(["approved", "in_review", "escalated"]),
    );
    expect(await db.reviewDecision.count({ where: { executionStatus: "queued" } })).toBe(0);

    // The dunning items billing raised are routed too; the one a hard decline auto-executed is recorded as executed.
    const dunning = items.filter((i) => i.source === "billing.dunning");
    expect(dunning.length).toBeGreaterThan(0);
    expect(dunning.some((i) => OPEN.includes(i.status))).toBe(true);
    for (const item of dunning.filter((i) => engineAnswer(i).routed.autoExecute)) {
      expect(item.status).toBe("approved");
      expect(item.decisions[0]).toMatchObject({
        verdict: "auto_executed",
        action: item.recommendedAction,
        executionStatus: "succeeded",
        actorId: null,
      });
    }

    // Payment issues carry what the API stores: details valid for their type, reported before they were raised.
    for (const item of items.filter((i) => i.source === "api.payment-issues")) {
      const evidence = item.evidence as PaymentIssueEvidence;
      expect(PAYMENT_ISSUE_KIND[evidence.type], item.summary).toBe(item.kind);
      expect(
        paymentIssueDetails[evidence.type].safeParse(evidence.details).error,
        item.summary,
      ).toBeUndefined();
      expect(new Date(evidence.occurredAt!) <= item.createdAt, item.summary).toBe(true);
      expect(item.dedupeKey).toMatch(/^payment-issue:demo-/);
    }
    // Suspensions carry the recommender's score, as the sum of its explained factors.
    const suspensions = items.filter((i) => i.kind === "suspension");
    for (const item of suspensions) {
      const factors = item.factors as Factor[];
      expect(factors.map((f) => f.key)).toEqual([
        "inactivity",
        "unpaid",
        "rateLimitAbuse",
        "criticalAnomalies",
      ]);
      expect(item.score).toBe(
        Math.min(
          100,
          factors.reduce((sum, f) => sum + f.points, 0),
        ),
      );
      expect(item.score!).toBeGreaterThanOrEqual(DEFAULT_REVIEW_SETTINGS.suspension.threshold);
      expect(item.dedupeKey).toBe(`suspension:${item.tenantId}:${item.createdAt.toISOString().slice(0, 10)}`);
    }
  }, 90_000); // seeds the whole demo

  it("has twelve weeks of decisions of every kind and verdict, agreement improving, and automatic executions an owner reversed", async () => {
    const items = (await allItems()).filter((i) => i.decisions.length > 0);
    const decisions = items.flatMap((i) => i.decisions.map((d) => ({ ...d, item: i })));
    const people = await db.user.findMany({
      where: { email: { in: ["owner@steward.local", "reviewer@steward.local"] } },
    });
    const ownerId = people.find((u) => u.role === "OWNER")!.id;

    expect(items.length).toBeGreaterThanOrEqual(120);
    expect(new Set(items.map((i) => i.kind))).toEqual(
      new Set(Object.keys(REVIEW_KINDS).filter((kind) => !HEALTH_KINDS.includes(kind as ReviewItemKind))),
    );
    expect(new Set(decisions.map((d) => d.verdict))).toEqual(
      new Set(["approved", "modified", "rejected", "auto_executed"]),
    );
    const inWindow = decisions.filter((d) => d.decidedAt.getTime() > now.getTime() - 12 * 7 * DAY);
    const weeks = new Set(
      inWindow.map((d) => Math.floor((now.getTime() - d.decidedAt.getTime()) / (7 * DAY))),
    );
    expect(weeks.size).toBeGreaterThanOrEqual(10);

    for (const d of decisions) {
      expect(d.decidedAt <= now && d.decidedAt >= d.item.createdAt, d.item.summary).toBe(true);
      expect(d.secondsToDecision).toBe(
        Math.round((d.decidedAt.getTime() - d.item.createdAt.getTime()) / 1000),
      );
      expect(d).toMatchObject({
        kind: d.item.kind,
        recommendedAction: d.item.recommendedAction,
        recommendedConfidence: d.item.confidence,
        policyFile: d.item.policyFile,
        policyHash: d.item.policyHash,
        engine: "rules",
      });
      if (d.verdict === "auto_executed")
        expect(d).toMatchObject({
          actorId: null,
          actorLabel: "system:review-engine",
          action: d.item.recommendedAction,
        });
      else expect(people.map((u) => u.id)).toContain(d.actorId);
      if (d.verdict === "approved") expect(d.action).toBe(d.item.recommendedAction);
      if (d.verdict === "modified") {
        expect(d.action).not.toBe(d.item.recommendedAction);
        expect(REVIEW_KINDS[d.kind].actions).toContain(d.action);
      }
      if (d.verdict === "modified" || d.verdict === "rejected") expect(d.note, d.item.summary).toBeTruthy();
      // Executions finished (a rejection executes nothing), and agree with the tenants as they are now.
      if (d.action === null) expect([d.verdict, d.executionStatus]).toEqual(["rejected", null]);
      else expect(["succeeded", "failed"]).toContain(d.executionStatus);
      if (d.action !== null)
        expect(d.executedAt! >= d.decidedAt && d.executedAt! <= now && Boolean(d.executionDetail)).toBe(true);
      if (d.action === "suspend_tenant")
        expect(d.item.tenant.status, d.item.summary).toBe(
          d.executionStatus === "succeeded" ? "suspended" : "cancelled",
        );
    }
    expect(new Set(decisions.map((d) => d.executionStatus))).toEqual(new Set([null, "succeeded", "failed"]));

    // People decide within minutes to a day of an item being raised (decisions after a reopening come later).
    const firstByPeople = items
      .filter((i) => i.decisions[0].verdict !== "auto_executed")
      .map((i) => i.decisions[0]);
    expect(
      firstByPeople.every((d) => d.secondsToDecision >= 5 * 60 && d.secondsToDecision <= DAY / 1000 + 120),
    ).toBe(true);
    expect(new Set(firstByPeople.map((d) => d.actorId))).toEqual(new Set(people.map((u) => u.id)));

    // Each decided item is where its last standing decision left it.
    for (const item of items) {
      const standing = item.decisions.filter((d) => !d.reversedAt);
      expect(standing, item.summary).toHaveLength(1);
      expect(item.status, item.summary).toBe(
        standing[0].verdict === "auto_executed" ? "approved" : standing[0].verdict,
      );
    }
    const reversed = decisions.filter((d) => d.reversedAt);
    expect(reversed.length).toBeGreaterThan(0);
    for (const d of reversed) {
      expect(d).toMatchObject({ verdict: "auto_executed", reversedById: ownerId });
      const after = d.item.decisions.find((other) => other.decidedAt > d.reversedAt!);
      expect(after, d.item.summary).toMatchObject({ actorId: ownerId });
    }

    // People agree with the engine more in the last four weeks than in the first four.
    const agreement = (fromWeeksAgo: number, toWeeksAgo: number) => {
      const human = decisions.filter(
        (d) =>
          d.verdict !== "auto_executed" &&
          d.decidedAt.getTime() > now.getTime() - fromWeeksAgo * 7 * DAY &&
          d.decidedAt.getTime() <= now.getTime() - toWeeksAgo * 7 * DAY,
      );
      return human.filter((d) => d.verdict === "approved").length / human.length;
    };
    expect(agreement(4, 0)).toBeGreaterThan(agreement(12, 8) + 0.1);

    // Every decision and routing is in the audit log, at the time it happened.
    const audits = await db.auditLog.findMany({
      where: { entityType: "review_item", entityId: { in: (await allItems()).map((i) => i.id) } },
    });
    const decidedAudits = audits.filter((a) => /^review_item\.(approved|modified|rejected)$/.test(a.action));
    expect(decidedAudits.length).toBe(decisions.filter((d) => d.verdict !== "auto_executed").length);
    expect(audits.filter((a) => a.action === "review_item.reopened").length).toBe(reversed.length);
    expect(audits.every((a) => a.createdAt <= now)).toBe(true);
  });

  it("changes nothing when run again, sends no email, queues no job and changes no tenant", async () => {
    const before = await counts();
    const items = await allItems();
    await seedDemo({ now });
    expect(await counts()).toEqual(before);
    expect(await seedReviewHistory(now)).toEqual({ items: 0, decisions: 0, dunningRouted: 0 });

    expect(await db.emailLog.count()).toBe(0);
    expect(await db.notification.count()).toBe(0);
    for (const queue of ["reviews", "email"] as const)
      expect(
        Object.values(await getQueue(queue).getJobCounts()).reduce((a, b) => a + b, 0),
        queue,
      ).toBe(0);

    // Undone and seeded again: the same rows (it is deterministic), and the tenants exactly as billing left them.
    const tenants = await db.tenant.findMany({ orderBy: { id: "asc" } });
    await db.reviewDecision.deleteMany();
    await db.reviewItem.deleteMany({ where: { id: { startsWith: "demo-review-" } } });
    const dunning = await db.reviewItem.updateMany({
      where: { source: "billing.dunning" },
      data: {
        status: "pending",
        priority: basePriority("payment_recovery_failed", null),
        engine: null,
        policyFile: null,
        policyHash: null,
        recommendedDecision: null,
        recommendedAction: null,
        confidence: null,
        reasoning: null,
        policyApplied: null,
        latencyMs: null,
        recommendedAt: null,
      },
    });
    const seeded = await seedReviewHistory(now);
    expect(seeded.dunningRouted).toBe(dunning.count);
    expect(seeded.items + seeded.dunningRouted).toBe(items.length);
    expect(await allItems()).toEqual(items);
    // The audit log is append-only: the first run's entries stay, and the second wrote as many again.
    expect(await counts()).toEqual({ ...before, audits: 2 * before.audits });
    expect(await db.tenant.findMany({ orderBy: { id: "asc" } })).toEqual(tenants);
    expect(await db.emailLog.count()).toBe(0);
  }, 90_000); // seeds the whole demo again
});
