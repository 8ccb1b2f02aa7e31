import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { bucketStart, DAY, HOUR } from "@/lib/anomalies/buckets";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import { createMetric, muteSeries } from "@/lib/anomalies/anomaly-actions";
import { alertOwners } from "@/lib/anomalies/alert-owners";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { makeTenant, makeUser, ZSCORE_RULE } from "./setup/fixtures";

// This file runs with the default settling delay of 10 minutes.
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
let metrics = 0;

async function metric(rule: Record<string, unknown> = {}) {
  const key = `edge_${metrics++}`;
  await createMetric.execute(owner, {
    key,
    name: `Edge ${metrics}`,
    unit: "orders",
    ...ZSCORE_RULE,
    ...rule,
  });
  return key;
}

/** Hourly points for a new tenant from `from` (inclusive) to `to` (exclusive), valued by `valueAt`. */
async function report(
  key: string,
  from: Date,
  to: Date,
  valueAt: (at: Date, i: number) => number,
  timezone = "UTC",
) {
  const tenant = await makeTenant(owner, { timezone });
  const points = [];
  for (let at = from.getTime(), i = 0; at < to.getTime(); at += HOUR, i++)
    points.push({
      tenant: tenant.slug,
      metric: key,
      timestamp: new Date(at),
      value: valueAt(new Date(at), i),
    });
  for (let i = 0; i < points.length; i += 1_000) await recordMetricPoints(points.slice(i, i + 1_000));
  return tenant;
}

const anomaliesOf = (tenantId: string) =>
  db.anomaly.findMany({ where: { tenantId }, orderBy: { firstBucket: "asc" } });
const noise = (i: number) => (i % 3) - 1;

describe("anomaly detection at the edges", () => {
  it("keeps seasonal slots on local hours across a daylight-saving change", async () => {
    // New York left daylight saving on 1 November 2026; the window of 4 November spans it.
    const key = await metric({ seasonality: "hour_of_day", baselineDays: 14 });
    const localHour = (at: Date) =>
      Number(
        new Intl.DateTimeFormat("en-US", {
          hour: "2-digit",
          hourCycle: "h23",
          timeZone: "America/New_York",
        }).format(at),
      );
    const end = new Date("2026-11-05T00:00:00Z");
    const tenant = await report(
      key,
      new Date(end.getTime() - 20 * DAY),
      end,
      (at, i) => (localHour(at) >= 9 && localHour(at) < 17 ? 1_000 : 100) + noise(i),
      "America/New_York",
    );
    await detectAnomalies(new Date(end.getTime() + 15 * 60_000));
    expect(
      await db.metricSeries.findFirstOrThrow({
        where: { tenantId: tenant.id },
        select: { evaluatedThrough: true },
      }),
    ).toEqual({ evaluatedThrough: new Date(end.getTime() - HOUR) });
    expect(await anomaliesOf(tenant.id)).toEqual([]);
  });

  it("scores a bucket only once it has settled, so a report sent just after the hour still counts", async () => {
    const key = await metric();
    const hour = bucketStart(new Date(), "hour");
    const tenant = await report(
      key,
      new Date(hour.getTime() - 5 * DAY),
      new Date(hour.getTime() - HOUR),
      (_, i) => 100 + noise(i),
    );
    // The last hour's first report is partial: a drop to 30 that would be critical.
    await recordMetricPoints([
      { tenant: tenant.slug, metric: key, timestamp: new Date(hour.getTime() - HOUR), value: 30 },
    ]);
    await detectAnomalies(new Date(hour.getTime() + 5 * 60_000));
    expect(await anomaliesOf(tenant.id)).toEqual([]);
    expect(
      (await db.metricSeries.findFirstOrThrow({ where: { tenantId: tenant.id } })).evaluatedThrough,
    ).toEqual(new Date(hour.getTime() - 2 * HOUR));
    await recordMetricPoints([
      { tenant: tenant.slug, metric: key, timestamp: new Date(hour.getTime() - HOUR), value: 101 },
    ]);
    await detectAnomalies(new Date(hour.getTime() + 11 * 60_000));
    expect(await anomaliesOf(tenant.id)).toEqual([]);
    expect(
      (await db.metricSeries.findFirstOrThrow({ where: { tenantId: tenant.id } })).evaluatedThrough,
    ).toEqual(new Date(hour.getTime() - HOUR));
  });

  it("closes an open anomaly that had ended when a new incident begins, and alerts about the new one", async () => {
    const key = await metric();
    const start = bucketStart(new Date(Date.now() - 6 * DAY), "hour");
    const firstSpike = 4 * 24;
    const secondSpike = firstSpike + 30;
    const tenant = await report(key, start, new Date(start.getTime() + (secondSpike + 1) * HOUR), (_, i) =>
      i === firstSpike || i === secondSpike ? 400 : 100 + noise(i),
    );
    await detectAnomalies(new Date(start.getTime() + (firstSpike + 1) * HOUR + 15 * 60_000));
    const [first] = await anomaliesOf(tenant.id);
    expect(first).toMatchObject({ status: "active", severity: "critical", alertedAt: expect.any(Date) });
    await detectAnomalies(new Date(start.getTime() + (secondSpike + 1) * HOUR + 15 * 60_000));
    const [closed, second] = await anomaliesOf(tenant.id);
    expect(closed).toMatchObject({ id: first.id, status: "resolved", closedById: null, anomalousBuckets: 1 });
    expect(second).toMatchObject({
      status: "active",
      firstBucket: new Date(start.getTime() + secondSpike * HOUR),
      alertedAt: expect.any(Date),
    });
    expect(await db.auditLog.findFirst({ where: { entityId: first.id } })).toMatchObject({
      action: "anomaly.resolved",
      actorLabel: "system:anomaly-detection",
    });
  });

  it("does not alert about a muted tenant × metric, even an anomaly found before the mute", async () => {
    const key = await metric();
    const hour = bucketStart(new Date(), "hour");
    const tenant = await report(key, new Date(hour.getTime() - 5 * DAY), hour, (_, i) =>
      i === 5 * 24 - 2 ? 400 : 100 + noise(i),
    );
    const series = await db.metricSeries.findFirstOrThrow({ where: { tenantId: tenant.id } });
    // Alerted recently about something else, so this anomaly's alert waits for the cool-down.
    await db.metricSeries.update({
      where: { id: series.id },
      data: { lastAlertedAt: new Date(hour.getTime() - HOUR) },
    });
    await detectAnomalies(new Date(hour.getTime() + 15 * 60_000));
    const [anomaly] = await anomaliesOf(tenant.id);
    expect(anomaly).toMatchObject({ severity: "critical", alertedAt: null });
    await muteSeries.execute(owner, {
      seriesId: series.id,
      until: new Date(hour.getTime() + 3 * DAY).toISOString().slice(0, 10),
      reason: "Migration",
    });
    await alertOwners(new Date(hour.getTime() + 8 * HOUR));
    expect((await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).alertedAt).toBeNull();
  });

  it("the database refuses values beyond what ingestion accepts", async () => {
    const series = await db.metricSeries.findFirstOrThrow();
    await expect(
      db.metricPoint.create({
        data: { seriesId: series.id, bucket: new Date("2020-01-01T00:00:00Z"), value: 1e200 },
      }),
    ).rejects.toThrow(/metric_points_value_bounded/);
  });
});
