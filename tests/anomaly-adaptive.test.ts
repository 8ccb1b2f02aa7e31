import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { bucketStart, HOUR } from "@/lib/anomalies/buckets";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { explainAnomaly } from "@/lib/anomalies/explain";
import { anomalyChart } from "@/lib/anomalies/queries";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import { syntheticSeries, type Injection, type SeriesShape } from "@/lib/anomalies/synthetic-series";
import { createMetric, upgradeMetricDetector } from "@/lib/anomalies/anomaly-actions";
import { NEW_METRIC_RULE } from "@/lib/anomalies/default-rule";
import { seededRandom } from "@/lib/seed/random";
import { makeTenant, makeUser } from "./setup/fixtures";

process.env.ANOMALY_SETTLE_MINUTES = "0";
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
afterAll(() => closeQueues());

const now = bucketStart(new Date(), "hour");
const DAILY: SeriesShape = { level: 1_000, noise: 0.03, daily: 0.5, weekend: 0 };

/** A new hourly metric as the rules editor creates it: the default rule, the default detector. */
async function newMetric(extra: Record<string, unknown> = {}) {
  const key = `a_${Math.random().toString(36).slice(2, 10)}`;
  const { id } = await createMetric.execute(owner, {
    key,
    name: key,
    unit: "requests",
    bucket: "hour",
    aggregation: "sum",
    ...NEW_METRIC_RULE,
    enabled: true,
    ...extra,
  });
  return { id, key };
}

async function report(key: string, options: { seed: number; days: number; injections?: Injection[] }) {
  const tenant = await makeTenant(owner, { timezone: "UTC" });
  const hours = options.days * 24;
  const { points } = syntheticSeries(seededRandom(options.seed), {
    start: new Date(now.getTime() - hours * HOUR),
    hours,
    shape: DAILY,
    injections: options.injections,
  });
  for (let i = 0; i < points.length; i += 1_000)
    await recordMetricPoints(
      points
        .slice(i, i + 1_000)
        .map((p) => ({ tenant: tenant.slug, metric: key, timestamp: p.at, value: p.value })),
    );
  return tenant;
}

describe("adaptive detection", () => {
  it("is the default for a new hourly metric and finds a drop, with the band the chart draws", async () => {
    const { id, key } = await newMetric();
    expect((await db.metricDefinition.findUniqueOrThrow({ where: { id } })).detector).toBe("adaptive");
    const tenant = await report(key, {
      seed: 11,
      days: 12,
      injections: [{ kind: "drop", at: 12 * 24 - 5, hours: 1, size: 10 }],
    });
    // Two passes, as the schedule runs them: the model is stored, then advanced.
    await detectAnomalies(new Date(now.getTime() - 3 * HOUR));
    await detectAnomalies(now);
    const anomalies = await db.anomaly.findMany({
      where: { tenantId: tenant.id },
      include: { metric: true },
    });
    expect(anomalies).toHaveLength(1);
    const [anomaly] = anomalies;
    expect(anomaly).toMatchObject({
      detector: "adaptive",
      peakBucket: new Date(now.getTime() - 5 * HOUR),
      seasonality: "hour_of_day",
      robust: true,
      threshold: 3,
    });
    expect(anomaly.z).toBeLessThan(-3);
    expect(anomaly.value).toBeLessThan(anomaly.bandLow!);
    expect(anomaly.bandHigh!).toBeGreaterThan(anomaly.center);

    // The chart replays the detector from the stored points: same expected value, band and verdicts.
    const chart = await anomalyChart(anomaly, anomaly.metric);
    const peak = chart.find((p) => p.at === anomaly.peakBucket.getTime())!;
    expect(peak.center).toBeCloseTo(anomaly.center, 9);
    expect(peak.low).toBeCloseTo(anomaly.bandLow!, 9);
    expect(peak.high).toBeCloseTo(anomaly.bandHigh!, 9);
    expect(chart.filter((p) => p.anomalous).map((p) => p.at)).toEqual([anomaly.peakBucket.getTime()]);
    const series = await db.metricSeries.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(series.adaptiveModel).toMatchObject({ period: 24 });

    const { headline, baseline } = explainAnomaly(anomaly, anomaly.metric, "UTC");
    expect(headline).toMatch(
      new RegExp(`^${key} \\d+% below its expected \\d\\d:00 level \\(z = -\\d+\\.\\d, threshold 3\\)$`),
    );
    expect(baseline).toMatch(
      /^Expected .* requests, normal between .* and .* \(a daily rhythm found in this series/,
    );
  });

  it("upgrades a z-score metric to the adaptive detector, audited, which judges its history at once", async () => {
    const { id, key } = await newMetric({ detector: "zscore", direction: "both" });
    const tenant = await report(key, {
      seed: 12,
      days: 10,
      injections: [{ kind: "spike", at: 10 * 24 - 2, hours: 1, size: 12 }],
    });
    await upgradeMetricDetector.execute(owner, { metricId: id });
    expect((await db.metricDefinition.findUniqueOrThrow({ where: { id } })).detector).toBe("adaptive");
    expect(
      await db.auditLog.findFirst({ where: { action: "metric_rule.upgraded", entityId: id } }),
    ).toMatchObject({
      after: { detector: "adaptive" },
    });
    await detectAnomalies(now);
    const [anomaly] = await db.anomaly.findMany({ where: { tenantId: tenant.id } });
    expect(anomaly).toMatchObject({ detector: "adaptive", peakBucket: new Date(now.getTime() - 2 * HOUR) });
  });

  it("keeps daily metrics on a z-score rule", async () => {
    await expect(
      createMetric.execute(owner, {
        key: `d_${Math.random().toString(36).slice(2, 10)}`,
        name: "Daily",
        unit: "orders",
        bucket: "day",
        aggregation: "sum",
        detector: "adaptive",
        ...NEW_METRIC_RULE,
        enabled: true,
      }),
    ).rejects.toMatchObject({ fields: { detector: [expect.stringMatching(/hourly/)] } });
  });
});
