// npm run bench:anomaly-nab -- [--data DIR] [--windows FILE] [--alarms-out FILE] [--only TEXT]:
// how well does anomaly detection find the labelled windows of real series? Reads a NAB folder
// (default ../shared/datasets/nab-dev next to the project: `data/<group>/<name>.csv` and
// `combined_windows.json`; with no data, says so and exits 0), never copying it into the project.
//
// The real pipeline, on a throwaway PostgreSQL and Redis: one tenant per series, one metric per
// detection mode (and per bucketing rule: counts — tweets, taxi passengers — are summed per hour,
// everything else averaged, by the metric's aggregation). Each series is moved by whole weeks so
// all end in the same week (weekday and hour stay as recorded, in UTC). The clock then steps hour
// by hour: each day's raw points are reported at the day's start through the code behind
// POST /api/v1/metrics (the batch schema, validated as at the day's end, then recordMetricPoints;
// an hour's points of a series stay in one batch, so the aggregation sees them all), and
// `detectAnomalies(now)` runs a quarter past every hour, as the worker does, opening and extending
// anomalies as in production. Detection never reads a bucket before it has closed, so reporting
// a day ahead changes nothing it sees. Every mode's metrics are enabled at once: one pass per hour
// scores them all.
//
// Scored after NAB's probationary period (the first 15 % of a series' records, at most 750) on the
// hourly rows: window precision/recall/F1, NAB's standard-profile normalized score and detection
// delay (see nab/score-nab.ts), per mode, per series and in total, beside a plain trailing 7-day
// z-score (k = 3) computed on the same hourly buckets. A report: exits 0 whatever the figures.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { loadNab, type NabSeries } from "./nab/load-nab";
import { scoreSeries, totalScore, trailingZScoreEvents, type Event, type SeriesScore } from "./nab/score-nab";
import { NAB_MODES, type NabMode } from "./nab/modes";
import { connectWriter, printTable, runBench, startBenchServices } from "./support";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A Monday, midnight UTC: every series ends in the week before. */
const END = Date.parse("2026-11-16T00:00:00.000Z");
const PAST_THE_HOUR = 15 * 60_000;
const BASELINE = { label: "trailing 7-day z-score (k = 3)", hours: 7 * 24, k: 3 };
const MAX_BATCH = 1_000;

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: resolve(projectRoot, "../shared/datasets/nab-dev") },
    windows: { type: "string" },
    "alarms-out": { type: "string" },
    only: { type: "string" },
  },
});
const dataDir = resolve(args.data!);
const windowsFile = resolve(args.windows ?? resolve(dataDir, "combined_windows.json"));
const loaded = loadNab(dataDir, windowsFile);
if (!loaded || loaded.length === 0) {
  console.log(
    `No NAB data: expected ${resolve(dataDir, "data")}/<group>/<name>.csv and ${windowsFile}. ` +
      "Point --data (and --windows) at a copy of the Numenta Anomaly Benchmark's data and labels; nothing was run.",
  );
  process.exit(0);
}
const nab = loaded.filter((s) => !args.only || s.path.includes(args.only));

process.env.ANOMALY_LOOKBACK_HOURS ??= "48";
// One pass an hour: the interval says so, so each series' cached baseline is refreshed once a day.
process.env.ANOMALY_DETECTION_INTERVAL_MINUTES = "60";

const hourOf = (at: number) => Math.floor(at / HOUR) * HOUR;
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : "–");

/** A series moved by whole weeks so its last record falls in the week before END. */
function shifted(series: NabSeries) {
  const last = series.points.at(-1)!.at;
  const shift = Math.ceil((END - WEEK - last) / WEEK) * WEEK;
  const points = series.points.map((p) => ({ at: p.at + shift, value: p.value }));
  const probation = Math.min(Math.floor(0.15 * points.length), 750);
  return {
    ...series,
    shift,
    points,
    scoredFrom: hourOf(points[probation].at),
    windows: series.windows.map(
      ([from, to]) => [hourOf(from + shift), hourOf(to + shift)] as [number, number],
    ),
  };
}

await runBench(async (cleanups) => {
  const series = nab.map(shifted);
  console.log(
    `${series.length} series from ${dataDir}, ${series.reduce((n, s) => n + s.points.length, 0).toLocaleString("en")} records, ` +
      `${series.reduce((n, s) => n + s.windows.length, 0)} labelled windows; modes: ${NAB_MODES.map((m) => m.label).join(", ")}`,
  );
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { closeQueues } = await import("@/lib/jobs/queues");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  const { detectAnomalies, CONTINUES_WITHIN_BUCKETS } = await import("@/lib/anomalies/detect-anomalies");
  const { recordMetricPoints } = await import("@/lib/anomalies/record-metric-points");
  const { metricBatchSchema } = await import("@/lib/anomalies/schemas");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());
  const writer = await connectWriter(services.databaseUrl, cleanups);

  const email = "ops@nab.example";
  await writer.query(
    `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, timezone, created_at, updated_at)
     SELECT 'nab-tenant-' || g, 'NAB ' || g, 'nab-' || g, 'pro', 'active', $1, $2, 'UTC', now(), now()
     FROM generate_series(0, $3 - 1) AS g`,
    [encryptPii(email), emailDigest(email), series.length],
  );
  const metricKey = (mode: NabMode, aggregation: string) => `${mode.key}_${aggregation}`;
  for (const mode of NAB_MODES) {
    for (const aggregation of ["sum", "mean"]) {
      const r = mode.rule;
      await writer.query(
        `INSERT INTO metric_definitions (id, key, name, unit, source, bucket, aggregation, direction, z_threshold, medium_z, high_z, critical_z,
                                         baseline_days, min_history_days, seasonality, robust, ${mode.detectorColumn ? "detector, " : ""}updated_at)
         VALUES ($1, $1, $2, 'value', 'api', 'hour', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${mode.detectorColumn ? `'${mode.detectorColumn}', ` : ""}now())`,
        [
          metricKey(mode, aggregation),
          mode.label,
          aggregation,
          r.direction,
          r.zThreshold,
          r.mediumZ,
          r.highZ,
          r.criticalZ,
          r.baselineDays,
          r.minHistoryDays,
          r.seasonality,
          r.robust,
        ],
      );
    }
  }

  // The clock: from the earliest (moved) record to END, a day's reports then its hourly passes.
  const firstDay = Math.floor(Math.min(...series.map((s) => s.points[0].at)) / DAY) * DAY;
  const cursor = series.map(() => 0);
  let reportSeconds = 0;
  let detectSeconds = 0;
  let passes = 0;
  for (let day = firstDay; day < END; day += DAY) {
    const started = performance.now();
    // Groups of one series × metric × hour, packed into batches without splitting a group.
    const groups: { tenant: string; metric: string; timestamp: string; value: number }[][] = [];
    series.forEach((s, index) => {
      const today: { at: number; value: number }[] = [];
      while (cursor[index] < s.points.length && s.points[cursor[index]].at < day + DAY)
        today.push(s.points[cursor[index]++]);
      const byHour = new Map<number, typeof today>();
      for (const p of today) byHour.set(hourOf(p.at), [...(byHour.get(hourOf(p.at)) ?? []), p]);
      for (const mode of NAB_MODES)
        for (const points of byHour.values())
          groups.push(
            points.map((p) => ({
              tenant: `nab-${index}`,
              metric: metricKey(mode, s.aggregation),
              timestamp: new Date(p.at).toISOString(),
              value: p.value,
            })),
          );
    });
    const schema = metricBatchSchema(new Date(day + DAY));
    let batch: (typeof groups)[number] = [];
    const flush = async () => {
      if (batch.length) await recordMetricPoints(schema.parse({ points: batch }).points);
      batch = [];
    };
    for (const group of groups) {
      if (batch.length + group.length > MAX_BATCH) await flush();
      batch.push(...group);
    }
    await flush();
    reportSeconds += (performance.now() - started) / 1000;
    const detecting = performance.now();
    for (let hour = day; hour < day + DAY; hour += HOUR) {
      await detectAnomalies(new Date(hour + HOUR + PAST_THE_HOUR));
      passes++;
    }
    detectSeconds += (performance.now() - detecting) / 1000;
    if (((day - firstDay) / DAY) % 30 === 29)
      console.log(
        `  … ${new Date(day + DAY).toISOString().slice(0, 10)}: ${passes} passes, ${detectSeconds.toFixed(0)} s detecting`,
      );
  }
  console.log(
    `Reported in ${reportSeconds.toFixed(1)} s; ${passes} hourly detection passes in ${detectSeconds.toFixed(1)} s.`,
  );

  // What each mode found, and the hourly buckets the pipeline made (the same for every mode).
  const { rows: anomalies } = await writer.query<{
    metric: string;
    tenant: string;
    first_ms: number;
    last_ms: number;
  }>(
    `SELECT d.key AS metric, t.slug AS tenant, extract(epoch FROM a.first_bucket)::float8 * 1000 AS first_ms, extract(epoch FROM a.last_bucket)::float8 * 1000 AS last_ms
     FROM anomalies a JOIN metric_definitions d ON d.id = a.metric_id JOIN tenants t ON t.id = a.tenant_id ORDER BY a.first_bucket`,
  );
  const { rows: buckets } = await writer.query<{ tenant: string; at_ms: number; value: number }>(
    `SELECT t.slug AS tenant, extract(epoch FROM p.bucket)::float8 * 1000 AS at_ms, p.value
     FROM metric_points p JOIN metric_series s ON s.id = p.series_id JOIN tenants t ON t.id = s.tenant_id JOIN metric_definitions d ON d.id = s.metric_id
     WHERE d.key LIKE $1 ORDER BY s.id, p.bucket`,
    [`${NAB_MODES[0].key}\\_%`],
  );
  const hourly = series.map((_, index) =>
    buckets.filter((b) => b.tenant === `nab-${index}`).map((b) => ({ at: b.at_ms, value: b.value })),
  );
  const eventsOf = (mode: NabMode, index: number): Event[] =>
    anomalies
      .filter((a) => a.tenant === `nab-${index}` && a.metric === metricKey(mode, series[index].aggregation))
      .map((a) => ({ first: a.first_ms, last: a.last_ms }));

  const detectors: { label: string; events: (index: number) => Event[] }[] = [
    ...NAB_MODES.map((mode) => ({ label: mode.label, events: (index: number) => eventsOf(mode, index) })),
    {
      label: BASELINE.label,
      events: (index: number) =>
        trailingZScoreEvents(hourly[index], { ...BASELINE, mergeWithinHours: CONTINUES_WITHIN_BUCKETS }),
    },
  ];
  const scores: SeriesScore[][] = detectors.map((d) =>
    series.map((s, index) =>
      scoreSeries({
        rows: hourly[index].map((b) => b.at),
        scoredFrom: s.scoredFrom,
        windows: s.windows,
        events: d.events(index),
      }),
    ),
  );

  printTable(
    ["series (windows hit/scored, false alarms)", "windows", ...detectors.map((_, n) => `#${n + 1}`)],
    series.map((s, index) => [
      s.path,
      String(scores[0][index].windows),
      ...scores.map(
        (byDetector) =>
          `${byDetector[index].hit}/${byDetector[index].windows} ${byDetector[index].falsePositives}`,
      ),
    ]),
  );
  const totals = scores.map(totalScore);
  printTable(
    [
      "detector",
      "windows",
      "hit",
      "false alarms",
      "precision",
      "recall",
      "F1",
      "NAB score",
      "mean delay h",
      "median delay h",
    ],
    detectors.map((d, n) => {
      const t = totals[n];
      return [
        `#${n + 1} ${d.label}`,
        String(t.windows),
        String(t.hit),
        String(t.falsePositives),
        pct(t.precision),
        pct(t.recall),
        fmt(t.f1, 3),
        fmt(t.nab, 1),
        fmt(t.meanDelay, 1),
        fmt(t.medianDelay, 1),
      ];
    }),
  );
  const baseline = totals.at(-1)!;
  const product = totals[NAB_MODES.findIndex((m) => m.isDefault)];
  console.log(
    `\nProduct default against the baseline: F1 ${fmt(product.f1, 3)} vs ${fmt(baseline.f1, 3)} (${fmt(product.f1 / baseline.f1, 2)}×, goal ≥ 1.5×); ` +
      `NAB ${fmt(product.nab, 1)} (goal ≥ 60); false alarms ${product.falsePositives} vs ${baseline.falsePositives} (goal: no more).`,
  );

  if (args["alarms-out"]) {
    const out = Object.fromEntries(
      detectors.map((d) => [
        d.label,
        Object.fromEntries(
          series.map((s, index) => [
            s.path,
            d
              .events(index)
              .map((e) => [
                new Date(e.first - s.shift).toISOString(),
                new Date(e.last - s.shift + HOUR).toISOString(),
              ]),
          ]),
        ),
      ]),
    );
    writeFileSync(resolve(args["alarms-out"]), JSON.stringify(out, null, 2));
    console.log(
      `Alarms (original timestamps, [first hour, end of last hour]) written to ${args["alarms-out"]}.`,
    );
  }
});
