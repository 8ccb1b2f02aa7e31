import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import type { AnomalySeverity, AnomalyStatus } from "@/lib/generated/prisma/enums";
import { bucketStart, DAY, HOUR } from "@/lib/anomalies/buckets";
import { createMetric } from "@/lib/anomalies/anomaly-actions";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { explainAnomaly } from "@/lib/anomalies/explain";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import {
  anomalyDetail,
  listAnomalies,
  metricRules,
  openAnomalyCounts,
  tenantBaselines,
} from "@/lib/anomalies/queries";
import { describeSuggestion, suggestThreshold } from "@/lib/anomalies/rule-suggestions";
import { anomalyFilters, listAnomaliesSchema } from "@/lib/anomalies/schemas";
import { makeTenant, makeUser, ZSCORE_RULE } from "./setup/fixtures";

// These tests step whole hours; the settling delay has its own test in anomaly-edge-cases.
process.env.ANOMALY_SETTLE_MINUTES = "0";
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
afterAll(() => closeQueues());

const now = bucketStart(new Date(), "hour");
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR);

/** A custom hourly API metric (spike at 3σ, 7-day window, 2 days of history), returning its key and id. */
async function metric(rule: Record<string, unknown> = {}) {
  const key = `m_${Math.random().toString(36).slice(2, 10)}`;
  const { id } = await createMetric.execute(owner, {
    key,
    name: `Metric ${key}`,
    unit: "requests",
    ...ZSCORE_RULE,
    direction: "spike",
    ...rule,
  });
  return { key, id };
}

type Seed = { status?: AnomalyStatus; severity?: AnomalySeverity; lastHoursAgo?: number; z?: number };

/** An anomaly stored as detection would have stored it, on the tenant × metric series. */
async function anomaly(tenantId: string, metricId: string, seed: Seed = {}) {
  const series = await db.metricSeries.upsert({
    where: { tenantId_metricId: { tenantId, metricId } },
    create: { tenantId, metricId },
    update: {},
  });
  const last = hoursAgo(seed.lastHoursAgo ?? 1);
  const status = seed.status ?? "active";
  return db.anomaly.create({
    data: {
      seriesId: series.id,
      tenantId,
      metricId,
      status,
      severity: seed.severity ?? "high",
      firstBucket: last,
      lastBucket: last,
      peakBucket: last,
      value: 400,
      z: seed.z ?? 4.5,
      center: 200,
      spread: 10,
      baselinePoints: 168,
      threshold: 3,
      baselineDays: 7,
      seasonality: "none",
      robust: false,
      ...(status === "resolved" || status === "false_positive"
        ? { closedAt: now, closedById: owner.id }
        : {}),
    },
  });
}

describe("suggestThreshold", () => {
  const falsePositivePeaks = [3.0, 3.05, 3.1, 3.15, 3.2, 3.25, 3.3, 4.5, 5.0];
  const confirmedPeaks = [3.6, 3.8, 4, 4.2, 4.4, 5, 5.5, 6, 7, 8, 9, 12];

  it("raises to the smallest tenth that avoids about 80% of false positives and keeps every confirmed anomaly", () => {
    const suggestion = suggestThreshold({ current: 3, falsePositivePeaks, confirmedPeaks });
    expect(suggestion).toEqual({
      kind: "raise",
      threshold: 3.4,
      avoided: 7,
      falsePositives: 9,
      confirmed: 12,
    });
    expect(describeSuggestion(suggestion)).toBe(
      "Raising the threshold to 3.4 would have avoided 7 of 9 false positives and kept all 12 confirmed anomalies.",
    );
  });

  it("compares peaks by |z|, so drops count like spikes", () => {
    expect(
      suggestThreshold({
        current: 3,
        falsePositivePeaks: falsePositivePeaks.map((z) => -z),
        confirmedPeaks: confirmedPeaks.map((z) => -z),
      }),
    ).toMatchObject({ kind: "raise", threshold: 3.4 });
  });

  it("may stop exactly at the smallest confirmed peak (it still fires there), never above it", () => {
    expect(suggestThreshold({ current: 3, falsePositivePeaks, confirmedPeaks: [3.4, 5] })).toMatchObject({
      kind: "raise",
      threshold: 3.4,
      confirmed: 2,
    });
    const lost = suggestThreshold({ current: 3, falsePositivePeaks, confirmedPeaks: [3.32, 5] });
    expect(lost).toEqual({
      kind: "none",
      reason:
        "Avoiding most false positives would need 3.4, above the smallest confirmed anomaly's peak |z| of 3.3.",
    });
  });

  it("steps in exact tenths from a current threshold off the grid", () => {
    expect(
      suggestThreshold({ current: 2.55, falsePositivePeaks: [2.6, 2.6, 2.6, 2.6, 2.6], confirmedPeaks: [] }),
    ).toEqual({ kind: "raise", threshold: 2.7, avoided: 5, falsePositives: 5, confirmed: 0 });
    expect(
      describeSuggestion({ kind: "raise", threshold: 2.7, avoided: 1, falsePositives: 1, confirmed: 0 }),
    ).toBe(
      "Raising the threshold to 2.7 would have avoided 1 of 1 false positive; no anomaly of this metric was confirmed yet.",
    );
  });

  it("suggests nothing without false positives, when the current threshold already avoids them, or beyond the editor's maximum", () => {
    expect(suggestThreshold({ current: 3, falsePositivePeaks: [], confirmedPeaks })).toEqual({
      kind: "none",
      reason: "No false positives so far.",
    });
    // Found under a lower threshold that has been raised since.
    expect(
      suggestThreshold({ current: 4, falsePositivePeaks: [3.1, 3.2, 3.5, 4.5], confirmedPeaks }),
    ).toMatchObject({ kind: "none", reason: expect.stringContaining("already avoids") });
    expect(
      suggestThreshold({ current: 3, falsePositivePeaks: [12, 14, 20], confirmedPeaks: [] }),
    ).toMatchObject({ kind: "none", reason: expect.stringContaining("above 10") });
    expect(describeSuggestion({ kind: "none", reason: "No false positives so far." })).toBe(
      "No change suggested. No false positives so far.",
    );
  });
});

describe("anomaly list", async () => {
  const alpha = await makeTenant(owner, { name: "Alpha Widgets", timezone: "UTC" });
  const beta = await makeTenant(owner, { name: "Beta Tools", timezone: "UTC" });
  const errors = { id: "metric_error_rate", key: "error_rate" };
  const latency = { id: "metric_latency_p95", key: "latency_p95" };
  const alphaErrors = await anomaly(alpha.id, errors.id, {
    status: "active",
    severity: "critical",
    lastHoursAgo: 1,
    z: 8,
  });
  const alphaLatency = await anomaly(alpha.id, latency.id, {
    status: "acknowledged",
    severity: "medium",
    lastHoursAgo: 3,
  });
  const betaErrors = await anomaly(beta.id, errors.id, {
    status: "active",
    severity: "high",
    lastHoursAgo: 2,
  });
  const resolved = await anomaly(beta.id, latency.id, {
    status: "resolved",
    severity: "critical",
    lastHoursAgo: 5,
  });
  const falsePositive = await anomaly(beta.id, latency.id, {
    status: "false_positive",
    severity: "low",
    lastHoursAgo: 4,
  });
  const ids = async (filters: Record<string, string>) =>
    (await listAnomalies(listAnomaliesSchema.parse(filters))).rows.map((r) => r.id);

  it("shows open anomalies by default, the latest seen first, with the explanation's headline in the tenant's zone", async () => {
    const page = await listAnomalies(listAnomaliesSchema.parse({}));
    expect(page.rows.map((r) => r.id)).toEqual([alphaErrors.id, betaErrors.id, alphaLatency.id]);
    expect(page).toMatchObject({ total: 3, page: 1, pageCount: 1 });
    const [first] = page.rows;
    expect(first).toMatchObject({
      status: "active",
      severity: "critical",
      tenant: { name: "Alpha Widgets", slug: alpha.slug },
      metric: { key: "error_rate", name: "Error rate" },
    });
    const stored = await db.anomaly.findUniqueOrThrow({
      where: { id: alphaErrors.id },
      include: { metric: true },
    });
    expect(first.headline).toBe(explainAnomaly(stored, stored.metric, "UTC").headline);
  });

  it("filters by status, severity, metric key and tenant name or slug", async () => {
    expect(await ids({ status: "all" })).toEqual([
      alphaErrors.id,
      betaErrors.id,
      alphaLatency.id,
      falsePositive.id,
      resolved.id,
    ]);
    expect(await ids({ status: "resolved" })).toEqual([resolved.id]);
    expect(await ids({ status: "false_positive" })).toEqual([falsePositive.id]);
    expect(await ids({ status: "acknowledged" })).toEqual([alphaLatency.id]);
    expect(await ids({ severity: "critical" })).toEqual([alphaErrors.id]);
    expect(await ids({ status: "all", severity: "critical" })).toEqual([alphaErrors.id, resolved.id]);
    expect(await ids({ metric: "ERROR_RATE" })).toEqual([alphaErrors.id, betaErrors.id]);
    expect(await ids({ metric: latency.key, status: "all" })).toEqual([
      alphaLatency.id,
      falsePositive.id,
      resolved.id,
    ]);
    expect(await ids({ tenant: "alpha widg" })).toEqual([alphaErrors.id, alphaLatency.id]);
    expect(await ids({ tenant: beta.slug.toUpperCase(), status: "all" })).toEqual([
      betaErrors.id,
      falsePositive.id,
      resolved.id,
    ]);
    expect(await ids({ tenant: "Alpha", metric: errors.key, severity: "high" })).toEqual([]);
  });

  it("counts open anomalies per severity", async () => {
    expect(await openAnomalyCounts()).toEqual({ critical: 1, high: 1, medium: 1, low: 0 });
  });

  it("pages by 25 without overlap", async () => {
    const gamma = await makeTenant(owner, { name: "Gamma Paging", timezone: "UTC" });
    for (let i = 0; i < 27; i++)
      await anomaly(gamma.id, errors.id, { status: "resolved", lastHoursAgo: 10 + i });
    const first = await listAnomalies(listAnomaliesSchema.parse({ tenant: "gamma", status: "resolved" }));
    const second = await listAnomalies(
      listAnomaliesSchema.parse({ tenant: "gamma", status: "resolved", page: "2" }),
    );
    expect(first).toMatchObject({ total: 27, pageCount: 2 });
    expect(first.rows).toHaveLength(25);
    expect(second.rows).toHaveLength(2);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(27);
    expect(second.rows[1].lastBucket).toEqual(hoursAgo(36));
  });

  it("falls back to the defaults on bad filters, as the page and its refresh route both parse them", () => {
    expect(
      anomalyFilters({
        status: "closed",
        severity: "huge",
        page: "-3",
        metric: "",
        tenant: ["acme", "other"],
      }),
    ).toEqual({
      filters: { status: "open", severity: undefined, metric: undefined, tenant: "acme", page: 1 },
      reset: false,
    });
    expect(anomalyFilters({ tenant: "ac\u0000me", status: "resolved" })).toEqual({
      filters: listAnomaliesSchema.parse({}),
      reset: true,
    });
  });
});

describe("an anomaly's chart, the tenant's baselines and the rules page", () => {
  // 3.5 days of hourly points ending with a spike in the last closed hour; small deterministic noise.
  const hours = 84;
  let key: string;
  let metricId: string;
  let young: { key: string };
  let tenant: Awaited<ReturnType<typeof makeTenant>>;
  let found: Awaited<ReturnType<typeof anomaly>>;

  // In a hook rather than the describe body, so the list tests above run before this anomaly exists.
  beforeAll(async () => {
    ({ key, id: metricId } = await metric());
    tenant = await makeTenant(owner, { timezone: "UTC" });
    await recordMetricPoints(
      Array.from({ length: hours }, (_, i) => ({
        tenant: tenant.slug,
        metric: key,
        timestamp: hoursAgo(hours - i),
        value: i === hours - 1 ? 260 : 200 + 5 * Math.sin(i * 2.1),
      })),
    );
    // A second metric with a single day of history: no baseline yet.
    young = await metric();
    await recordMetricPoints(
      Array.from({ length: 24 }, (_, i) => ({
        tenant: tenant.slug,
        metric: young.key,
        timestamp: hoursAgo(24 - i),
        value: 10,
      })),
    );
    await detectAnomalies(now);
    found = await db.anomaly.findFirstOrThrow({ where: { tenantId: tenant.id } });
  });

  it("charts three days before the anomaly with the baseline band only where detection had enough history", async () => {
    const { anomaly: detail, chart, explanation, history } = await anomalyDetail(found.id);
    expect(detail).toMatchObject({
      status: "active",
      firstBucket: hoursAgo(1),
      tenant: { slug: tenant.slug },
      metric: { key },
    });
    expect(explanation.headline).toMatch(/above its usual level/);
    expect(history).toEqual([]);
    expect(chart[0].at).toBe(hoursAgo(1).getTime() - 3 * DAY);
    expect(chart.at(-1)).toMatchObject({ at: hoursAgo(1).getTime(), value: 260, anomalous: true });
    const firstPoint = hoursAgo(hours).getTime();
    for (const point of chart) {
      const judged = point.at >= firstPoint + 2 * DAY;
      expect(point.center === null, new Date(point.at).toISOString()).toBe(!judged);
      if (!judged) continue;
      expect(point.center!).toBeCloseTo(200, -1);
      expect(point.high! - point.center!).toBeCloseTo(point.center! - point.low!, 6);
      expect(point.anomalous).toBe(point.value > point.high!);
    }
    expect(chart.filter((p) => p.anomalous)).toHaveLength(1);
  });

  it("shows each series' latest value against its baseline, with the open anomaly and the mute", async () => {
    await db.metricSeries.update({
      where: { id: found.seriesId },
      data: { mutedUntil: new Date(now.getTime() + DAY), muteReason: "migration" },
    });
    const baselines = await tenantBaselines(tenant.slug.toUpperCase(), new Date());
    expect(baselines?.tenant.id).toBe(tenant.id);
    const [spiking, youngRow] = [key, young.key].map((k) => baselines!.rows.find((r) => r.metric.key === k)!);
    expect(spiking).toMatchObject({
      latest: { bucket: hoursAgo(1), value: 260 },
      openAnomaly: { id: found.id, status: "active" },
      mute: { reason: "migration" },
    });
    // Detection's first pass cached the window before the 48 hours it scored.
    expect(spiking.baseline).toMatchObject({ points: hours - 47, anomalous: true });
    expect(spiking.baseline!.center).toBeCloseTo(200, -1);
    // Exactly what detection compared the spike with.
    expect(spiking.baseline!.z).toBeCloseTo(found.z, 6);
    expect(found.z).toBeGreaterThan(found.threshold);
    expect(youngRow).toMatchObject({ latest: { value: 10 }, baseline: null, openAnomaly: null, mute: null });
    expect(await tenantBaselines("no-such-tenant", new Date())).toBeNull();
  });

  it("counts a metric's closed anomalies and suggests a threshold from them", async () => {
    const other = await makeTenant(owner, { timezone: "UTC" });
    for (const z of [3.1, 3.2, 3.3, 3.3, 6])
      await anomaly(other.id, metricId, { status: "false_positive", z });
    for (const z of [3.9, 5]) await anomaly(other.id, metricId, { status: "resolved", z });
    // Closed by detection as back to normal: nobody confirmed it, so it does not count.
    await db.anomaly.update({
      where: { id: (await anomaly(other.id, metricId, { status: "resolved", z: 3.2 })).id },
      data: { closedById: null },
    });
    const rules = await metricRules();
    expect(rules.find((r) => r.metric.id === metricId)).toMatchObject({
      resolved: 2,
      falsePositives: 5,
      suggestion: { kind: "raise", threshold: 3.4, avoided: 4, falsePositives: 5, confirmed: 2 },
    });
    expect(rules.find((r) => r.metric.key === "revenue")).toMatchObject({
      resolved: 0,
      falsePositives: 0,
      suggestion: { kind: "none" },
    });
  });
});
