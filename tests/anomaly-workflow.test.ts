import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { bucketStart, DAY, HOUR } from "@/lib/anomalies/buckets";
import { deriveMetrics } from "@/lib/anomalies/derive-metrics";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import {
  acknowledgeAnomaly,
  closeAnomaly,
  createMetric,
  updateMetricRule,
} from "@/lib/anomalies/anomaly-actions";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { makeTenant, makeUser, SIGNUPS_METRIC } from "./setup/fixtures";

// These tests step whole hours; the settling delay has its own test in anomaly-edge-cases.
process.env.ANOMALY_SETTLE_MINUTES = "0";
await ensureDefaultTemplates();
const { user: assignee, actor: owner } = await makeUser("OWNER");
const { user: disabled } = await makeUser("OWNER", { disabled: true });
const now = bucketStart(new Date(), "hour");
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR);

await createMetric.execute(owner, SIGNUPS_METRIC);

/** A tenant whose sign-ups run 20 ± 1 for 8 days and then jump to `spike` in the last closed hour. */
async function anomalyFor(spike = 35) {
  const tenant = await makeTenant(owner);
  await recordMetricPoints(
    Array.from({ length: 8 * 24 }, (_, i) => ({
      tenant: tenant.slug,
      metric: "signups",
      timestamp: hoursAgo(8 * 24 - i),
      value: i === 8 * 24 - 1 ? spike : 20 + (i % 3) - 1,
    })),
  );
  await detectAnomalies(now);
  return { tenant, anomaly: await db.anomaly.findFirstOrThrow({ where: { tenantId: tenant.id } }) };
}

const audit = (anomalyId: string) =>
  db.auditLog.findMany({
    where: { entityType: "anomaly", entityId: anomalyId },
    orderBy: { createdAt: "asc" },
  });

describe("anomaly workflow", () => {
  it("acknowledges with an assignee, reassigns, and resolves with a note, every step audit-logged", async () => {
    const { anomaly } = await anomalyFor();
    await acknowledgeAnomaly.execute(owner, {
      anomalyId: anomaly.id,
      assigneeId: assignee.id,
      note: "Checking the campaign calendar",
    });
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).toMatchObject({
      status: "acknowledged",
      assigneeId: assignee.id,
      note: "Checking the campaign calendar",
    });
    await acknowledgeAnomaly.execute(owner, { anomalyId: anomaly.id, assigneeId: "" });
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).toMatchObject({
      status: "acknowledged",
      assigneeId: null,
      note: "Checking the campaign calendar",
    });
    await closeAnomaly.execute(owner, {
      anomalyId: anomaly.id,
      outcome: "resolved",
      note: "Newsletter went out",
    });
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).toMatchObject({
      status: "resolved",
      note: "Newsletter went out",
      closedById: owner.id,
    });
    expect((await audit(anomaly.id)).map((a) => [a.action, a.actorLabel])).toEqual([
      ["anomaly.acknowledged", owner.label],
      ["anomaly.reassigned", owner.label],
      ["anomaly.resolved", owner.label],
    ]);
  });

  it("refuses to change a closed anomaly, an unknown one, and a disabled assignee, with clear errors", async () => {
    const { anomaly } = await anomalyFor();
    await expect(
      acknowledgeAnomaly.execute(owner, { anomalyId: anomaly.id, assigneeId: disabled.id }),
    ).rejects.toMatchObject({ code: "VALIDATION", fields: { assigneeId: ["Choose an active user"] } });
    await closeAnomaly.execute(owner, {
      anomalyId: anomaly.id,
      outcome: "false_positive",
      note: "Load test",
    });
    await expect(
      closeAnomaly.execute(owner, { anomalyId: anomaly.id, outcome: "resolved", note: "again" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "This anomaly is already false positive." });
    await expect(acknowledgeAnomaly.execute(owner, { anomalyId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      closeAnomaly.execute(owner, { anomalyId: anomaly.id, outcome: "resolved", note: "" }),
    ).rejects.toMatchObject({ code: "VALIDATION", fields: { note: ["Say what it was"] } });
  });

  it("opens a new anomaly for the same tenant × metric once the previous one is closed", async () => {
    const { tenant, anomaly } = await anomalyFor();
    await closeAnomaly.execute(owner, { anomalyId: anomaly.id, outcome: "resolved", note: "Seen" });
    await recordMetricPoints([{ tenant: tenant.slug, metric: "signups", timestamp: now, value: 2 }]);
    await detectAnomalies(new Date(now.getTime() + HOUR));
    const all = await db.anomaly.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: "asc" } });
    expect(all.map((a) => [a.status, a.firstBucket])).toEqual([
      ["resolved", hoursAgo(1)],
      ["active", now],
    ]);
    expect(all[1].z).toBeLessThan(-3);
  });

  it("validates a rule edit: bands in order, enough history, a weekday slot needs three weeks", async () => {
    const metric = await db.metricDefinition.findUniqueOrThrow({ where: { key: "signups" } });
    const rule = {
      metricId: metric.id,
      name: "Sign-ups",
      unit: "sign-ups",
      description: "",
      direction: "both",
      zThreshold: "3",
      mediumZ: "2",
      highZ: "5",
      criticalZ: "4",
      baselineDays: "14",
      minHistoryDays: "20",
      seasonality: "day_of_week",
      robust: "on",
      enabled: "on",
    };
    await expect(updateMetricRule.execute(owner, rule)).rejects.toMatchObject({
      fields: {
        mediumZ: ["Medium starts at or above the threshold"],
        criticalZ: ["Critical starts at or above high"],
        minHistoryDays: ["The minimum history fits in the baseline window"],
        baselineDays: ["Comparing with the same weekday needs at least 21 days (three weeks)"],
      },
    });
    await updateMetricRule.execute(owner, {
      ...rule,
      mediumZ: "3.5",
      criticalZ: "6",
      minHistoryDays: "7",
      baselineDays: "21",
    });
    expect(await db.metricDefinition.findUniqueOrThrow({ where: { id: metric.id } })).toMatchObject({
      mediumZ: 3.5,
      criticalZ: 6,
      baselineDays: 21,
      seasonality: "day_of_week",
      robust: true,
    });
    expect(
      await db.auditLog.findFirst({ where: { action: "metric_rule.updated", entityId: metric.id } }),
    ).toMatchObject({
      before: { robust: false, seasonality: "none" },
      after: { robust: true, seasonality: "day_of_week" },
    });
  });
});

describe("metrics Steward derives from its own data", () => {
  it("computes hourly request volume (quiet hours are zero), denial rate where there was traffic, and daily payments and failures", async () => {
    const tenant = await makeTenant(owner);
    const hour = (h: number) => hoursAgo(h);
    await db.rateLimitHour.createMany({
      data: [
        { tenantId: tenant.id, hour: hour(5), allowed: 90, denied: 10, shadowDenied: 0 },
        { tenantId: tenant.id, hour: hour(3), allowed: 40, denied: 0, shadowDenied: 0 },
      ],
    });
    const today = bucketStart(now, "day");
    const yesterday = new Date(today.getTime() - DAY);
    const createdAt = new Date(yesterday.getTime() - 3 * DAY);
    await db.payment.createMany({
      data: [
        {
          tenantId: tenant.id,
          amountMinor: 4_900,
          currency: "EUR",
          status: "succeeded",
          createdAt,
          providerReference: `p-${tenant.id}-1`,
          settledAt: new Date(yesterday.getTime() + 3 * HOUR),
        },
        {
          tenantId: tenant.id,
          amountMinor: 1_000,
          currency: "EUR",
          status: "recovered",
          providerReference: `p-${tenant.id}-2`,
          settledAt: new Date(yesterday.getTime() + 9 * HOUR),
          firstFailedAt: new Date(yesterday.getTime() - 2 * DAY),
        },
        {
          tenantId: tenant.id,
          amountMinor: 2_500,
          currency: "EUR",
          status: "retrying",
          providerReference: `p-${tenant.id}-3`,
          firstFailedAt: new Date(yesterday.getTime() + HOUR),
        },
      ],
    });
    // As on a fresh install: the passes above derived up to now before this history existed.
    await db.metricDefinition.updateMany({
      where: { source: { not: "api" } },
      data: { derivedThrough: null },
    });
    await deriveMetrics(now);
    const points = async (key: string, from: Date) =>
      (
        await db.metricPoint.findMany({
          where: { series: { tenantId: tenant.id, metric: { key } }, bucket: { gte: from } },
          orderBy: { bucket: "asc" },
        })
      ).map((p) => [p.bucket.toISOString(), p.value]);
    // Zeros from the tenant's first traffic on, not before it.
    expect(await points("requests", hour(24))).toEqual(
      [
        [hour(5), 100],
        [hour(4), 0],
        [hour(3), 40],
        [hour(2), 0],
        [hour(1), 0],
      ].map(([h, v]) => [(h as Date).toISOString(), v]),
    );
    expect(await points("denial_rate", hour(6))).toEqual([
      [hour(5).toISOString(), 10],
      [hour(3).toISOString(), 0],
    ]);
    expect(await points("billing_revenue", new Date(yesterday.getTime() - 9 * DAY))).toEqual([
      [createdAt.toISOString(), 0],
      [new Date(yesterday.getTime() - 2 * DAY).toISOString(), 0],
      [new Date(yesterday.getTime() - DAY).toISOString(), 0],
      [yesterday.toISOString(), 59],
    ]);
    expect(await points("failed_payments", new Date(yesterday.getTime() - 9 * DAY))).toEqual([
      [createdAt.toISOString(), 0],
      [new Date(yesterday.getTime() - 2 * DAY).toISOString(), 1],
      [new Date(yesterday.getTime() - DAY).toISOString(), 0],
      [yesterday.toISOString(), 1],
    ]);

    // Traffic flushed late for the last hour: the next pass recomputes the recent buckets, and
    // only what changed is written (that hour's volume and its new denial rate).
    await db.rateLimitHour.create({
      data: { tenantId: tenant.id, hour: hour(1), allowed: 15, denied: 5, shadowDenied: 0 },
    });
    const written = await deriveMetrics(new Date(now.getTime() + 10 * 60_000));
    expect(written).toBe(2);
    expect(await points("requests", hour(1))).toEqual([[hour(1).toISOString(), 20]]);
    expect(await points("denial_rate", hour(1))).toEqual([[hour(1).toISOString(), 25]]);
  });
});
