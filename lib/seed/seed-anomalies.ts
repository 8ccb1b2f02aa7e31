import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { acknowledgeAnomaly, closeAnomaly, muteSeries } from "@/lib/anomalies/anomaly-actions";
import { bucketStart, DAY, HOUR } from "@/lib/anomalies/buckets";
import { deriveMetrics } from "@/lib/anomalies/derive-metrics";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { seriesIdsFor, writeBucketValues, type BucketValue } from "@/lib/anomalies/record-metric-points";
import {
  gaussian,
  seasonalLevel,
  syntheticSeries,
  type Injection,
  type SeriesShape,
} from "@/lib/anomalies/synthetic-series";
import { seededRandom } from "./random";

const TENANTS = 20;
const DAYS = 30;
/** The demo owner (DEMO_USERS in seed-demo.ts): acknowledges, closes and mutes. */
const OWNER = "owner@steward.local";
/**
 * The synthetic series follow UTC (their daily cycle and weekend are UTC hours), while detection
 * compares local hours: demo series go to tenants whose zone has no daylight-saving change, so
 * the comparison lines up all year.
 */
const ZONES_WITHOUT_DST = ["UTC", "Asia/Tokyo"];

type HourlyKey = "revenue" | "active_users" | "error_rate" | "latency_p95";
/**
 * Noise of 0.2 % of the level keeps each series under the 1 %-of-level floor detection puts on the
 * spread, so the demo's anomalies are the ones injected below and not chance: the demo should look
 * the same whenever it is seeded. (bench/anomaly-eval.ts measures detection on noisy data.)
 */
const SHAPES: Record<HourlyKey, { level: [number, number]; shape: Omit<SeriesShape, "level"> }> = {
  revenue: { level: [80, 400], shape: { noise: 0.002, daily: 0.3, weekend: 0.2 } },
  active_users: { level: [30, 500], shape: { noise: 0.002, daily: 0.35, weekend: 0 } },
  error_rate: { level: [0.8, 2], shape: { noise: 0.002, daily: 0.1, weekend: 0 } },
  latency_p95: { level: [150, 450], shape: { noise: 0.002, daily: 0.15, weekend: 0 } },
};

/**
 * What happens to whom: by the index of the demo tenant, a change to one metric `hoursAgo` (at the
 * given UTC hour, so the daily cycle and with it the z-score are the same whenever the demo is
 * seeded), by `change` of the expected value, and what the owner did about it. Detection sizes the
 * z-scores: about change / 1 % for the seasonal rules; error_rate (no seasonality) compares with
 * its whole week, daily cycle included, and storage grows, so theirs come out lower.
 */
type Story = {
  tenant: number;
  metric: HourlyKey | "storage_gb";
  hoursAgo: number;
  utcHour?: number;
  hours: number;
  change: number;
  then?: "acknowledge" | "resolve" | "false_positive" | "mute";
  note?: string;
};
const STORIES: Story[] = [
  // Still going on: revenue 40 % down for the last four hours (critical).
  { tenant: 0, metric: "revenue", hoursAgo: 4, hours: 4, change: -0.4 },
  { tenant: 1, metric: "latency_p95", hoursAgo: 6, utcHour: 9, hours: 2, change: 0.06 },
  { tenant: 2, metric: "active_users", hoursAgo: 12, utcHour: 14, hours: 3, change: -0.045 },
  // Storage jumps by 7 % on the last closed day (a daily metric; hoursAgo and hours do not apply).
  // Seeded in the minutes after midnight UTC, before that day has settled, the worker's next pass finds it.
  { tenant: 6, metric: "storage_gb", hoursAgo: 0, hours: 0, change: 0.07 },
  {
    tenant: 3,
    metric: "error_rate",
    hoursAgo: 18,
    utcHour: 15,
    hours: 3,
    change: 0.25,
    then: "acknowledge",
    note: "Checkout errors after their release; their team is rolling it back.",
  },
  {
    tenant: 4,
    metric: "revenue",
    hoursAgo: 24,
    utcHour: 11,
    hours: 3,
    change: -0.05,
    then: "resolve",
    note: "Their payment provider was down for three hours; payments went through on retry.",
  },
  {
    tenant: 5,
    metric: "latency_p95",
    hoursAgo: 20,
    utcHour: 2,
    hours: 2,
    change: 0.043,
    then: "false_positive",
    note: "Nightly export they scheduled; expected and harmless.",
  },
  {
    tenant: 7,
    metric: "latency_p95",
    hoursAgo: 3,
    hours: 3,
    change: 0.08,
    then: "mute",
    note: "Load test this week, announced by their CTO.",
  },
];

/** The latest bucket at `utcHour` (any hour when not given) at least `hoursAgo` before `end`. */
function storyStart(end: number, story: Story): number {
  let at = end - story.hoursAgo * HOUR;
  while (story.utcHour !== undefined && new Date(at).getUTCHours() !== story.utcHour) at -= HOUR;
  return at;
}

const ymd = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Anomaly demo data for up to 20 demo tenants: 30 days of hourly revenue (weekly rhythm), active
 * users, error rate and p95 latency and daily storage, generated from a fixed seed, with the
 * changes in STORIES in the last two days; then one detection pass at `now` and what the owner did
 * since: the dashboard opens with active anomalies (one critical), one acknowledged and assigned to
 * the owner, one resolved, one false positive, and one muted tenant × metric. The pass alerts no
 * one (the demo owner's inbox stays empty); the critical anomaly is marked alerted so the worker
 * does not email about it later either. Idempotent: nothing is written when the demo tenants have
 * reported metrics already.
 */
export async function seedAnomalyHistory(now: Date): Promise<{ points: number; anomalies: number }> {
  const tenants = await db.tenant.findMany({
    where: { timezone: { in: ZONES_WITHOUT_DST }, status: { not: "cancelled" } },
    orderBy: { slug: "asc" },
    take: TENANTS,
    select: { id: true },
  });
  const metrics = new Map(
    (
      await db.metricDefinition.findMany({ where: { key: { in: [...Object.keys(SHAPES), "storage_gb"] } } })
    ).map((m) => [m.key, m]),
  );
  const owner = await db.user.findFirst({ where: { email: OWNER, role: "OWNER", disabled: false } });
  if (tenants.length === 0 || !owner) return { points: 0, anomalies: 0 };
  if (
    await db.metricSeries.count({
      where: { tenantId: { in: tenants.map((t) => t.id) }, metric: { source: "api" } },
    })
  )
    return { points: 0, anomalies: 0 };

  const random = seededRandom(20261124);
  const end = bucketStart(now, "hour").getTime();
  const start = end - DAYS * DAY;
  const points: { tenant: number; metric: string; at: Date; value: number }[] = [];
  for (const [index] of tenants.entries()) {
    for (const [key, { level, shape: rest }] of Object.entries(SHAPES) as [
      HourlyKey,
      (typeof SHAPES)[HourlyKey],
    ][]) {
      const shape = { ...rest, level: Math.round((level[0] + random() * (level[1] - level[0])) * 100) / 100 };
      const injections: Injection[] = STORIES.filter((s) => s.tenant === index && s.metric === key).map(
        (story) => {
          const at = storyStart(end, story);
          // Sized in noise standard deviations, as syntheticSeries takes it: `change` of the expected value then.
          const expected = key === "error_rate" ? shape.level : seasonalLevel(shape, new Date(at));
          return {
            kind: story.change < 0 ? "drop" : "spike",
            at: (at - start) / HOUR,
            hours: story.hours,
            size: (Math.abs(story.change) * expected) / (shape.noise * shape.level),
          };
        },
      );
      const series = syntheticSeries(seededRandom(1_000 * index + Object.keys(SHAPES).indexOf(key)), {
        start: new Date(start),
        hours: DAYS * 24,
        shape,
        injections,
      });
      for (const p of series.points) points.push({ tenant: index, metric: key, at: p.at, value: p.value });
    }
    // Storage grows by 0.2 % a day; a story makes it jump on the last closed day and stay there.
    const gigabytes = 5 + random() * 195;
    const jump = STORIES.find((s) => s.tenant === index && s.metric === "storage_gb");
    const dayStart = bucketStart(now, "day").getTime() - DAYS * DAY;
    for (let d = 0; d < DAYS; d++) {
      const value =
        gigabytes * (1 + 0.002 * d + 0.001 * gaussian(random) + (jump && d === DAYS - 1 ? jump.change : 0));
      points.push({
        tenant: index,
        metric: "storage_gb",
        at: new Date(dayStart + d * DAY),
        value: Math.round(value * 100) / 100,
      });
    }
  }

  const seriesIds = await db.$transaction(
    async (tx) => {
      const ids = await seriesIdsFor(
        tx,
        tenants.flatMap((t) => [...metrics.values()].map((m) => ({ tenantId: t.id, metricId: m.id }))),
      );
      const values: BucketValue[] = points.map((p) => ({
        seriesId: ids.get(`${tenants[p.tenant].id}|${metrics.get(p.metric)!.id}`)!,
        bucket: p.at,
        value: p.value,
      }));
      for (let i = 0; i < values.length; i += 20_000)
        await writeBucketValues(tx, values.slice(i, i + 20_000));
      return ids;
    },
    { timeout: 60_000 },
  );
  const seriesOf = (story: Story) =>
    seriesIds.get(`${tenants[story.tenant].id}|${metrics.get(story.metric)!.id}`)!;
  const told = STORIES.filter((s) => s.tenant < tenants.length);
  const actor: Actor = { kind: "user", id: owner.id, label: owner.email, role: "OWNER" };

  for (const story of told.filter((s) => s.then === "mute")) {
    const until = new Date(Math.max(now.getTime(), Date.now()) + 7 * DAY);
    await muteSeries.execute(actor, { seriesId: seriesOf(story), until: ymd(until), reason: story.note });
  }

  // The pass alerts no one: the series it will score (Steward's own metrics derived first) are in
  // their alert cool-down for it, and leave it afterwards unless they have an alerted anomaly.
  await deriveMetrics(now);
  const quiet = await db.metricSeries.findMany({ where: { lastAlertedAt: null }, select: { id: true } });
  await db.metricSeries.updateMany({
    where: { id: { in: quiet.map((s) => s.id) } },
    data: { lastAlertedAt: now },
  });
  await detectAnomalies(now);
  const critical = await db.anomaly.findMany({
    where: { status: "active", severity: "critical", alertedAt: null },
    select: { id: true, seriesId: true },
  });
  await db.anomaly.updateMany({ where: { id: { in: critical.map((a) => a.id) } }, data: { alertedAt: now } });
  const alerted = new Set(critical.map((a) => a.seriesId));
  await db.metricSeries.updateMany({
    where: { id: { in: quiet.map((s) => s.id).filter((id) => !alerted.has(id)) } },
    data: { lastAlertedAt: null },
  });

  for (const story of told.filter((s) => s.then && s.then !== "mute")) {
    const anomaly = await db.anomaly.findFirst({ where: { seriesId: seriesOf(story), status: "active" } });
    if (!anomaly) continue;
    if (story.then === "acknowledge")
      await acknowledgeAnomaly.execute(actor, {
        anomalyId: anomaly.id,
        assigneeId: owner.id,
        note: story.note,
      });
    else
      await closeAnomaly.execute(actor, {
        anomalyId: anomaly.id,
        outcome: story.then === "resolve" ? "resolved" : "false_positive",
        note: story.note,
      });
  }
  return {
    points: points.length,
    anomalies: await db.anomaly.count({ where: { seriesId: { in: [...seriesIds.values()] } } }),
  };
}
