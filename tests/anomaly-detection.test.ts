import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { bucketStart, HOUR } from "@/lib/anomalies/buckets";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { explainAnomaly } from "@/lib/anomalies/explain";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import { syntheticSeries, type Injection, type SeriesShape } from "@/lib/anomalies/synthetic-series";
import { createMetric, muteSeries, unmuteSeries, updateMetricRule } from "@/lib/anomalies/anomaly-actions";
import { seededRandom } from "@/lib/seed/random";
import { makeTenant, makeUser, ZSCORE_RULE } from "./setup/fixtures";

// These tests step whole hours; the settling delay has its own test in anomaly-edge-cases.
process.env.ANOMALY_SETTLE_MINUTES = "0";
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
afterAll(() => closeQueues());

const DAY = 24 * HOUR;
/** Every series ends with the bucket just closed at `now`. */
const now = bucketStart(new Date(), "hour");
const FLAT: SeriesShape = { level: 200, noise: 0.05, daily: 0, weekend: 0 };
const SEASONAL: SeriesShape = { level: 1_000, noise: 0.03, daily: 0.5, weekend: 0.3 };

/** A custom API metric with this z-score rule (defaults: plain z-score, spike at 3σ, 14-day window). */
async function metric(rule: Record<string, unknown> = {}) {
  const key = `m_${Math.random().toString(36).slice(2, 10)}`;
  await createMetric.execute(owner, {
    key,
    name: key,
    unit: "requests",
    ...ZSCORE_RULE,
    direction: "spike",
    baselineDays: 14,
    minHistoryDays: 3,
    ...rule,
  });
  return key;
}

/** Reports `days` of hourly points for a new tenant through the ingestion path; returns the tenant. */
async function report(
  metricKey: string,
  options: { seed: number; days: number; shape?: SeriesShape; injections?: Injection[]; timezone?: string },
) {
  const tenant = await makeTenant(owner, { timezone: options.timezone ?? "UTC" });
  const hours = options.days * 24;
  const { points } = syntheticSeries(seededRandom(options.seed), {
    start: new Date(now.getTime() - hours * HOUR),
    hours,
    shape: options.shape ?? FLAT,
    injections: options.injections,
  });
  for (let i = 0; i < points.length; i += 1_000) {
    await recordMetricPoints(
      points
        .slice(i, i + 1_000)
        .map((p) => ({ tenant: tenant.slug, metric: metricKey, timestamp: p.at, value: p.value })),
    );
  }
  return tenant;
}

const anomaliesOf = (tenantId: string) =>
  db.anomaly.findMany({
    where: { tenantId },
    include: { metric: true, tenant: true },
    orderBy: { firstBucket: "asc" },
  });
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR);

describe("anomaly detection", () => {
  it("finds a spike, with its severity, baseline and an explanation in words", async () => {
    const key = await metric();
    const tenant = await report(key, {
      seed: 1,
      days: 20,
      injections: [{ kind: "spike", at: 20 * 24 - 3, hours: 1, size: 8 }],
    });
    await detectAnomalies(now);
    const [anomaly, ...others] = await anomaliesOf(tenant.id);
    expect(others).toEqual([]);
    expect(anomaly).toMatchObject({
      status: "active",
      firstBucket: hoursAgo(3),
      lastBucket: hoursAgo(3),
      peakBucket: hoursAgo(3),
      anomalousBuckets: 1,
      threshold: 3,
      baselineDays: 14,
    });
    expect(anomaly.z).toBeGreaterThan(6);
    expect(anomaly.z).toBeLessThan(10);
    expect(anomaly.severity).toBe(anomaly.z >= 7 ? "critical" : "high");
    expect(anomaly.center).toBeCloseTo(200, -1);
    expect(anomaly.spread).toBeCloseTo(10, -1);
    expect(anomaly.baselinePoints).toBe(14 * 24);
    const { headline, baseline } = explainAnomaly(anomaly, anomaly.metric, "UTC");
    expect(headline).toMatch(
      new RegExp(`^${key} \\d+% above its usual level \\(z = \\d\\.\\d, threshold 3\\)$`),
    );
    expect(baseline).toMatch(
      /^Mean \d+(\.\d+)? requests ± \d+(\.\d+)? \(standard deviation\) over 336 hours in the previous 14 days; value 2\d\d(\.\d+)? requests at /,
    );
  });

  it("compares a seasonal series with the same weekday and hour, so its own rhythm never alerts but a drop does", async () => {
    const quiet = await report("revenue", { seed: 2, days: 35, shape: SEASONAL, timezone: "Europe/Berlin" });
    const dropped = await report("revenue", {
      seed: 3,
      days: 35,
      shape: SEASONAL,
      timezone: "Europe/Berlin",
      injections: [{ kind: "drop", at: 35 * 24 - 2, hours: 1, size: 15 }],
    });
    await detectAnomalies(now);
    expect(await anomaliesOf(quiet.id)).toEqual([]);
    const [anomaly] = await anomaliesOf(dropped.id);
    expect(anomaly).toMatchObject({
      peakBucket: hoursAgo(2),
      seasonality: "day_of_week",
      baselinePoints: 4,
      threshold: 2.5,
    });
    expect(anomaly.z).toBeLessThan(-2.5);
    const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "Europe/Berlin" }).format(
      hoursAgo(2),
    );
    const time = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "Europe/Berlin",
    }).format(hoursAgo(2));
    expect(explainAnomaly(anomaly, anomaly.metric, "Europe/Berlin").headline).toMatch(
      new RegExp(
        `^Revenue \\d+% below its usual ${weekday} ${time} level \\(z = -\\d+\\.\\d, threshold 2\\.5\\)$`,
      ),
    );
  });

  it("without seasonality the same rhythm is mistaken for anomalies", async () => {
    const key = await metric({ direction: "both", zThreshold: 1.5, mediumZ: 2, highZ: 3, criticalZ: 5 });
    const tenant = await report(key, { seed: 2, days: 20, shape: SEASONAL });
    await detectAnomalies(now);
    expect((await anomaliesOf(tenant.id)).length).toBe(1);
  });

  it("updates one anomaly while a level shift continues instead of opening another", async () => {
    const key = await metric();
    const tenant = await report(key, {
      seed: 4,
      days: 20,
      injections: [{ kind: "level_shift", at: 20 * 24 - 6, hours: 6, size: 10 }],
    });
    // The last three hours arrive later: the first pass sees the shift begin, the second its continuation.
    await db.metricPoint.deleteMany({
      where: { series: { tenantId: tenant.id }, bucket: { gte: hoursAgo(3) } },
    });
    await detectAnomalies(now);
    const [first] = await anomaliesOf(tenant.id);
    expect(first).toMatchObject({ firstBucket: hoursAgo(6), lastBucket: hoursAgo(4), anomalousBuckets: 3 });
    await recordMetricPoints(
      [1, 2, 3].map((h) => ({ tenant: tenant.slug, metric: key, timestamp: hoursAgo(h), value: 320 })),
    );
    await detectAnomalies(now);
    const all = await anomaliesOf(tenant.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: first.id,
      firstBucket: hoursAgo(6),
      lastBucket: hoursAgo(1),
      anomalousBuckets: 6,
    });
  });

  it("does not alert on a short history", async () => {
    const key = await metric({ minHistoryDays: 7 });
    const tenant = await report(key, {
      seed: 5,
      days: 5,
      injections: [{ kind: "spike", at: 5 * 24 - 2, hours: 1, size: 20 }],
    });
    await detectAnomalies(now);
    expect(await anomaliesOf(tenant.id)).toEqual([]);
  });

  it("with the robust option, outliers in the window do not hide a spike", async () => {
    const outliers: Injection[] = [3, 5, 8, 11].map((day) => ({
      kind: "spike",
      at: day * 24 + 7,
      hours: 1,
      size: 60,
    }));
    const spike: Injection = { kind: "spike", at: 20 * 24 - 2, hours: 1, size: 6 };
    const plain = await metric();
    const robust = await metric({ robust: true });
    const plainTenant = await report(plain, { seed: 6, days: 20, injections: [...outliers, spike] });
    const robustTenant = await report(robust, { seed: 6, days: 20, injections: [...outliers, spike] });
    await detectAnomalies(now);
    expect(await anomaliesOf(plainTenant.id)).toEqual([]);
    const [anomaly] = await anomaliesOf(robustTenant.id);
    expect(anomaly).toMatchObject({ peakBucket: hoursAgo(2), robust: true });
    expect(explainAnomaly(anomaly, anomaly.metric, "UTC").baseline).toMatch(/^Median .* \(1\.4826 × MAD\)/);
  });

  it("scores each bucket once when two passes run at the same time", async () => {
    const key = await metric();
    const tenant = await report(key, {
      seed: 7,
      days: 20,
      injections: [{ kind: "level_shift", at: 20 * 24 - 4, hours: 4, size: 10 }],
    });
    await Promise.all([detectAnomalies(now), detectAnomalies(now)]);
    const all = await anomaliesOf(tenant.id);
    expect(all).toHaveLength(1);
    expect(all[0].anomalousBuckets).toBe(4);
  });

  it("does not judge a muted tenant × metric: what happened while muted is never reported, what follows is", async () => {
    const key = await metric();
    const tenant = await report(key, {
      seed: 8,
      days: 20,
      injections: [{ kind: "spike", at: 20 * 24 - 1, hours: 1, size: 12 }],
    });
    const series = await db.metricSeries.findFirstOrThrow({ where: { tenantId: tenant.id } });
    await muteSeries.execute(owner, {
      seriesId: series.id,
      until: new Date(now.getTime() + 2 * DAY).toISOString().slice(0, 10),
      reason: "Load test this week",
    });
    await detectAnomalies(now);
    expect(await anomaliesOf(tenant.id)).toEqual([]);
    expect(
      await db.auditLog.count({ where: { action: "anomaly_series.muted", entityId: String(series.id) } }),
    ).toBe(1);
    expect((await db.metricSeries.findUniqueOrThrow({ where: { id: series.id } })).evaluatedThrough).toEqual(
      hoursAgo(1),
    );

    await unmuteSeries.execute(owner, { seriesId: series.id });
    await detectAnomalies(now);
    expect(await anomaliesOf(tenant.id)).toEqual([]);
    await recordMetricPoints([{ tenant: tenant.slug, metric: key, timestamp: now, value: 400 }]);
    await detectAnomalies(new Date(now.getTime() + HOUR));
    expect((await anomaliesOf(tenant.id)).map((a) => a.firstBucket)).toEqual([now]);
  });

  it("caches a baseline per seasonal slot, ending where scoring starts, and recomputes it when the rule changes", async () => {
    const key = await metric({ seasonality: "hour_of_day" });
    const tenant = await report(key, { seed: 9, days: 17, shape: SEASONAL, timezone: "Asia/Kolkata" });
    await detectAnomalies(now);
    const series = await db.metricSeries.findFirstOrThrow({
      where: { tenantId: tenant.id },
      include: { baselines: { orderBy: { slot: "asc" } } },
    });
    // The first pass scores the last 48 hours, so the baseline is the 14 days before them.
    expect(series).toMatchObject({ baselineThrough: hoursAgo(47), evaluatedThrough: hoursAgo(1) });
    expect(series.baselines.map((b) => b.slot)).toEqual([...Array(24).keys()]);
    expect(series.baselines.every((b) => b.points === 14)).toBe(true);
    // Slots are local hours: the bucket of 14:00 UTC is 19:30 in Kolkata, slot 19, near the daily peak.
    const peak = series.baselines.find((b) => b.slot === 19)!;
    expect(peak.center).toBeGreaterThan(1_300);

    const metricId = (await db.metricDefinition.findUniqueOrThrow({ where: { key } })).id;
    await updateMetricRule.execute(owner, {
      metricId,
      name: key,
      unit: "requests",
      direction: "spike",
      zThreshold: 3,
      mediumZ: 4,
      highZ: 5,
      criticalZ: 7,
      baselineDays: 7,
      minHistoryDays: 3,
      seasonality: "none",
      robust: false,
      enabled: true,
    });
    expect(await db.metricBaseline.count({ where: { seriesId: series.id } })).toBe(0);
    await recordMetricPoints([{ tenant: tenant.slug, metric: key, timestamp: now, value: 1_000 }]);
    await detectAnomalies(new Date(now.getTime() + HOUR));
    expect(await db.metricBaseline.findMany({ where: { seriesId: series.id } })).toMatchObject([
      { slot: 0, points: 7 * 24 },
    ]);
    expect((await db.metricSeries.findUniqueOrThrow({ where: { id: series.id } })).baselineThrough).toEqual(
      now,
    );
  });
});
