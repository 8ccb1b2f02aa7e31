import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createMetric } from "@/lib/anomalies/anomaly-actions";
import { tenantOpenAnomalies } from "@/lib/anomalies/tenant-anomalies";
import { tenantBilling } from "@/lib/billing/tenant-billing";
import { tenantTrafficSummary } from "@/lib/rate-limits/tenant-traffic-summary";
import { getTenantHeadline } from "@/lib/tenants/tenant-headline";
import { makeTenant, makeUser, SIGNUPS_METRIC } from "./setup/fixtures";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const { actor: owner, user: ownerUser } = await makeUser("OWNER");
const now = new Date();
const at = (ms: number) => new Date(now.getTime() + ms);
const hour = (ms: number) => new Date(Math.floor((now.getTime() + ms) / HOUR) * HOUR);

const tenant = await makeTenant(owner);
const other = await makeTenant(owner);
await createMetric.execute(owner, SIGNUPS_METRIC);
const metric = await db.metricDefinition.findUniqueOrThrow({ where: { key: "signups" } });

describe("a tenant's page", () => {
  it("sums up the tenant in its header: trial days left, last payment, open items", async () => {
    await db.trial.create({
      data: {
        tenantId: tenant.id,
        plan: "pro",
        startedAt: at(-4 * DAY),
        endsAt: at(3 * DAY - HOUR),
        originalEndsAt: at(3 * DAY),
      },
    });
    await db.payment.create({
      data: {
        tenantId: tenant.id,
        amountMinor: 4_900,
        currency: "EUR",
        status: "retrying",
        providerReference: "ch_360_1",
        failureCode: "insufficient_funds",
        firstFailedAt: now,
        nextRetryAt: at(DAY),
      },
    });
    await db.reviewItem.create({
      data: {
        kind: "payment_dispute",
        status: "in_review",
        tenantId: tenant.id,
        source: "test",
        summary: "A disputed charge",
        evidence: {},
        dedupeKey: "360-1",
        dueAt: at(DAY),
      },
    });
    await db.ipBan.createMany({
      data: [
        {
          tenantId: tenant.id,
          ip: "198.51.100.1",
          source: "manual",
          reason: "scraping",
          startedAt: at(-HOUR),
        },
        {
          tenantId: tenant.id,
          ip: "198.51.100.2",
          source: "auto",
          reason: "burst",
          startedAt: at(-DAY),
          expiresAt: at(-HOUR),
        },
        { tenantId: other.id, ip: "198.51.100.3", source: "auto", reason: "burst", startedAt: at(-HOUR) },
      ],
    });

    const headline = await getTenantHeadline(tenant.id, now);
    expect(headline.tenant.id).toBe(tenant.id);
    expect(headline.trial).toMatchObject({ status: "active", daysLeft: 3 });
    expect(headline.lastPayment).toMatchObject({ status: "retrying", amountMinor: 4_900 });
    expect(headline.open).toEqual({ reviewItems: 1, anomalies: 0, bans: 1 });
    await expect(getTenantHeadline("no-such-tenant", now)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const billing = await tenantBilling(tenant.id, now);
    expect(billing.payments.map((p) => p.failureCode)).toEqual(["insufficient_funds"]);
  });

  it("shows 24 hours and 7 days of traffic and the tenant's own bans, the active ones marked", async () => {
    await db.rateLimitHour.createMany({
      data: [
        { tenantId: tenant.id, hour: hour(-2 * HOUR), allowed: 100, denied: 5, shadowDenied: 0 },
        { tenantId: tenant.id, hour: hour(-3 * DAY), allowed: 40, denied: 0, shadowDenied: 0 },
        { tenantId: other.id, hour: hour(-2 * HOUR), allowed: 999, denied: 0, shadowDenied: 0 },
      ],
    });
    const traffic = await tenantTrafficSummary(tenant.id, now);
    expect(traffic.lastDay).toHaveLength(24);
    expect(traffic.lastDay.reduce((n, p) => n + p.allowed, 0)).toBe(100);
    expect(traffic.lastWeek).toHaveLength(7);
    expect(traffic.lastWeek.reduce((n, p) => n + p.allowed, 0)).toBe(140);
    expect(traffic.activeBans).toBe(1);
    expect(traffic.bans.map((b) => [b.ip, b.active])).toEqual([
      ["198.51.100.1", true],
      ["198.51.100.2", false],
    ]);
  });

  it("lists open anomalies with the metric's points of the days before, not closed ones", async () => {
    const series = await db.metricSeries.create({ data: { tenantId: tenant.id, metricId: metric.id } });
    const last = hour(-HOUR);
    await db.metricPoint.createMany({
      data: [
        { seriesId: series.id, bucket: hour(-5 * DAY), value: 1 }, // before the chart's window
        { seriesId: series.id, bucket: hour(-2 * DAY), value: 3 },
        { seriesId: series.id, bucket: last, value: 40 },
      ],
    });
    const anomaly = (status: "active" | "resolved") =>
      db.anomaly.create({
        data: {
          seriesId: series.id,
          tenantId: tenant.id,
          metricId: metric.id,
          status,
          severity: "high",
          firstBucket: last,
          lastBucket: last,
          peakBucket: last,
          value: 40,
          z: 6,
          center: 3,
          spread: 1,
          baselinePoints: 100,
          threshold: 3,
          baselineDays: 7,
          seasonality: "none",
          robust: false,
          ...(status === "resolved" ? { closedAt: now, closedById: ownerUser.id } : {}),
        },
      });
    await anomaly("resolved");
    const open = await anomaly("active");
    const anomalies = await tenantOpenAnomalies(tenant.id);
    expect(anomalies.map((a) => a.id)).toEqual([open.id]);
    expect(anomalies[0].points.map((p) => p.value)).toEqual([3, 40]);
    expect(anomalies[0].metric.key).toBe("signups");
    expect((await getTenantHeadline(tenant.id, now)).open.anomalies).toBe(1);
  });
});
