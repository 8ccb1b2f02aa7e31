import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Factor } from "@/lib/review/recommendation";
import { recommendSuspensions } from "@/lib/review/intake/recommend-suspensions";
import { decideItem } from "@/lib/review/human/review-actions";
import { updateReviewSettings } from "@/lib/review/intake/update-review-settings";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { makeTenant, makeUser } from "./setup/fixtures";

const DAY = 86_400_000;
const now = new Date();
const { actor: owner } = await makeUser("OWNER");

let charges = 0;
async function tenantWith(signals: {
  status?: "active" | "past_due" | "cancelled";
  createdDaysAgo?: number;
  unpaid?: number;
  bans?: number;
  violations?: number;
  criticalAnomalies?: number;
  trafficDaysAgo?: number;
}) {
  const tenant = await makeTenant(owner);
  await db.tenant.update({
    where: { id: tenant.id },
    data: {
      status: signals.status ?? "active",
      createdAt: new Date(now.getTime() - (signals.createdDaysAgo ?? 1) * DAY),
    },
  });
  for (let i = 0; i < (signals.unpaid ?? 0); i++) {
    await db.payment.create({
      data: {
        tenantId: tenant.id,
        amountMinor: 4900,
        currency: "EUR",
        status: "retrying",
        providerReference: `ch_rec_${charges++}`,
        firstFailedAt: now,
        nextRetryAt: now,
        createdAt: new Date(now.getTime() - 40 * DAY),
      },
    });
  }
  for (let i = 0; i < (signals.bans ?? 0); i++) {
    await db.ipBan.create({
      data: {
        tenantId: tenant.id,
        ip: `198.51.100.${i + 1}`,
        source: "auto",
        reason: "too many requests",
        startedAt: new Date(now.getTime() - 3_600_000),
        expiresAt: new Date(now.getTime() + DAY),
      },
    });
  }
  if (signals.violations) {
    await db.rateLimitViolation.create({
      data: {
        tenantId: tenant.id,
        ip: "198.51.100.200",
        minute: new Date(now.getTime() - DAY),
        reason: "limit",
        shadow: false,
        count: signals.violations,
      },
    });
  }
  if (signals.trafficDaysAgo !== undefined) {
    await db.rateLimitHour.create({
      data: {
        tenantId: tenant.id,
        hour: new Date(now.getTime() - signals.trafficDaysAgo * DAY),
        allowed: 10,
        denied: 0,
        shadowDenied: 0,
      },
    });
  }
  if (signals.criticalAnomalies) {
    // One open anomaly per series: each on its own metric.
    const metrics = await db.metricDefinition.findMany({
      where: { key: { in: ["error_rate", "latency_p95", "active_users"] } },
    });
    for (let i = 0; i < signals.criticalAnomalies; i++) {
      const metric = metrics[i];
      const series = await db.metricSeries.create({ data: { tenantId: tenant.id, metricId: metric.id } });
      const bucket = new Date(now.getTime() - (i + 1) * 3_600_000);
      await db.anomaly.create({
        data: {
          seriesId: series.id,
          tenantId: tenant.id,
          metricId: metric.id,
          status: i === 0 ? "active" : "acknowledged",
          severity: "critical",
          firstBucket: bucket,
          lastBucket: bucket,
          peakBucket: bucket,
          value: 9,
          z: 8,
          center: 1,
          spread: 1,
          baselinePoints: 28,
          threshold: 2,
          baselineDays: 28,
          seasonality: "none",
          robust: false,
        },
      });
    }
  }
  return tenant;
}

const itemsOf = (tenantId: string) =>
  db.reviewItem.findMany({ where: { tenantId, kind: "suspension" }, orderBy: { createdAt: "asc" } });
const pointsByFactor = (factors: unknown) =>
  Object.fromEntries((factors as Factor[]).map((f) => [f.key, f.points]));

describe("suspension recommender", () => {
  it("scores running tenants from explained factors and raises an item above the threshold only", async () => {
    const abusive = await tenantWith({ status: "past_due", unpaid: 2, bans: 3, trafficDaysAgo: 0 });
    const unpaidAndAnomalous = await tenantWith({ unpaid: 1, criticalAnomalies: 2, trafficDaysAgo: 2 });
    const idle = await tenantWith({ createdDaysAgo: 200 });
    const halfIdle = await tenantWith({ createdDaysAgo: 200, trafficDaysAgo: 37 });
    const cancelled = await tenantWith({ status: "cancelled", unpaid: 2, bans: 3 });
    const violations = await tenantWith({ violations: 50, bans: 1, unpaid: 2, trafficDaysAgo: 1 });

    const summary = await recommendSuspensions(now);
    expect(summary.scored).toBeGreaterThanOrEqual(5);

    const [first] = await itemsOf(abusive.id);
    expect(first).toMatchObject({
      status: "pending",
      score: 60,
      source: "recommender.suspension",
      evidence: {
        unpaidPayments: 2,
        pastDue: true,
        activeBans: 3,
        violations7d: 0,
        criticalAnomalies: 0,
        daysInactive: 0,
      },
    });
    expect(first.summary).toBe(`${abusive.name}: suspension score 60 (unpaid payments, rate-limit abuse)`);
    expect(pointsByFactor(first.factors)).toEqual({
      inactivity: 0,
      unpaid: 35,
      rateLimitAbuse: 25,
      criticalAnomalies: 0,
    });
    expect((first.factors as Factor[]).find((f) => f.key === "rateLimitAbuse")?.explanation).toBe(
      "3 active IP ban(s), 0 violation(s) in 7 days (fully at 3 bans or 100 violations)",
    );

    // One payment is half of "unpaid" (18 of 35) and two open critical anomalies all of theirs (20): 38, under 50.
    expect(await itemsOf(unpaidAndAnomalous.id)).toEqual([]);
    // 200 days without activity is the whole inactivity weight (20), under the threshold of 50.
    expect(await itemsOf(idle.id)).toEqual([]);
    expect(await itemsOf(cancelled.id)).toEqual([]);
    const [mixed] = await itemsOf(violations.id);
    expect(pointsByFactor(mixed.factors)).toEqual({
      inactivity: 0,
      unpaid: 35,
      rateLimitAbuse: 21,
      criticalAnomalies: 0,
    });

    // Inactivity counts from 14 days and fully at 60: 37 days is half of its weight.
    await updateReviewSettings.execute(owner, {
      ...DEFAULT_REVIEW_SETTINGS,
      suspension: { ...DEFAULT_REVIEW_SETTINGS.suspension, threshold: 10 },
    });
    try {
      await recommendSuspensions(now);
    } finally {
      await updateReviewSettings.execute(owner, DEFAULT_REVIEW_SETTINGS);
    }
    const [half] = await itemsOf(halfIdle.id);
    expect(pointsByFactor(half.factors)).toEqual({
      inactivity: 10,
      unpaid: 0,
      rateLimitAbuse: 0,
      criticalAnomalies: 0,
    });
    const [whole] = await itemsOf(idle.id);
    expect(whole.score).toBe(20);
    const [second] = await itemsOf(unpaidAndAnomalous.id);
    expect(pointsByFactor(second.factors)).toEqual({
      inactivity: 0,
      unpaid: 18,
      rateLimitAbuse: 0,
      criticalAnomalies: 20,
    });
  });

  it("raises one item per tenant while it is open, and none shortly after a person rejected it", async () => {
    const reviewer = await makeUser("REVIEWER");
    const tenant = await tenantWith({ status: "past_due", unpaid: 2, bans: 3, criticalAnomalies: 2 });
    await recommendSuspensions(now);
    await recommendSuspensions(new Date(now.getTime() + DAY));
    const items = await itemsOf(tenant.id);
    expect(items).toHaveLength(1);
    expect(items[0].score).toBe(80);

    await decidePendingItems(now);
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: items[0].id } })).status).toBe("in_review");
    await decideItem.execute(reviewer.actor, {
      itemId: items[0].id,
      verdict: "reject",
      note: "Known incident, the customer is fixing it",
    });
    await recommendSuspensions(new Date(now.getTime() + 2 * DAY));
    expect(await itemsOf(tenant.id)).toHaveLength(1);
    // After the quiet days (7) the tenant is recommended again.
    await db.reviewItem.update({
      where: { id: items[0].id },
      data: { updatedAt: new Date(now.getTime() - 8 * DAY) },
    });
    await recommendSuspensions(new Date(now.getTime() + 2 * DAY));
    expect(await itemsOf(tenant.id)).toHaveLength(2);
  });

  it("stays quiet after a person approved keeping the tenant, not only after a rejection", async () => {
    const reviewer = await makeUser("REVIEWER");
    const tenant = await tenantWith({ createdDaysAgo: 120 });
    await updateReviewSettings.execute(owner, {
      ...DEFAULT_REVIEW_SETTINGS,
      suspension: { ...DEFAULT_REVIEW_SETTINGS.suspension, threshold: 20 },
    });
    try {
      await recommendSuspensions(now);
      const [item] = await itemsOf(tenant.id);
      await decidePendingItems(now);
      expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
        status: "in_review",
        recommendedAction: "dismiss",
        policyApplied: "S4 Inactive only",
      });
      await decideItem.execute(reviewer.actor, { itemId: item.id, verdict: "approve" });
      await recommendSuspensions(new Date(now.getTime() + DAY));
      expect(await itemsOf(tenant.id)).toHaveLength(1);
    } finally {
      await updateReviewSettings.execute(owner, DEFAULT_REVIEW_SETTINGS);
    }
  });
});
