// npx tsx bench/anomaly-eval.ts: how accurate is anomaly detection, per rule? A labelled synthetic
// data set from a fixed seed — 500 hourly series of 35–45 days (flat, daily cycle, daily cycle with
// a weekend dip; noise 2–10 % of the level), most with injected spikes, drops or level shifts of
// various sizes in the last 7 days, some with none, a quarter with large outliers in their history
// — is reported for rules side by side that differ only in method (same threshold 3 on both
// sides, 28-day window, 7 days of minimum history): plain z-score, seasonal by weekday and hour
// (the data has daily and weekly rhythms), robust (median/MAD), both; then the same two with
// hour-of-day slots (24 slots of 28 points instead of 168 of 4, blind to the weekend dip), and the
// adaptive detector new hourly metrics get (same threshold and sides; it finds the rhythm itself).
// Each rule is a custom hourly metric and every tenant reports the same points for each of them.
//
// Detection runs as in production: one rule enabled at a time, the clock stepped hour by hour
// through the last 7 days, `detectAnomalies(now)` a quarter past each hour (once the bucket has
// settled), so each pass has one new bucket per series as on the 15-minute schedule, and compares
// it with a baseline cached per series and refreshed once a day (the detection interval is set to
// the hourly step so the refresh stays daily). Detection itself segments anomalies: an open one
// is extended by anomalous buckets up to 3 buckets after its last, and closed by the system when a
// later run begins, which opens a new one; an anomaly is one such run, its span first … last bucket.
//
// Scoring, event level: a labelled anomaly is detected when an anomaly's span overlaps its window
// (a spike or drop: its hours; a level shift: its first 12 hours); an anomaly overlapping no label
// is a false positive. An anomaly that only overlaps a level shift after its labelled window (the
// shift goes on to the end) is neither, and is counted apart. Delay: the first flagged bucket of
// the earliest overlapping anomaly − the labelled start, in hours (0 when that anomaly began
// earlier). A report: exits 0 whatever the figures, 1 only if something throws.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { Injection, InjectionKind, Label, SeriesShape } from "@/lib/anomalies/synthetic-series";
import { printTable, runBench, startBenchServices, connectWriter } from "./support";

const SERIES = 500;
const SEED = 20261118;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Midnight UTC; the last bucket scored is the hour before. */
const END = new Date("2026-11-18T00:00:00.000Z");
const EVAL_DAYS = 7;
const EVAL_START = new Date(END.getTime() - EVAL_DAYS * DAY);
const STEP_HOURS = 1;
/** Passes run this long after the hour: the bucket that just closed has settled (ANOMALY_SETTLE_MINUTES, 10 by default). */
const PAST_THE_HOUR = 15 * 60_000;
/** How long a level shift's labelled window lasts: the stretch in which a detector should notice it. */
const SHIFT_LABEL_HOURS = 12;
const RULE = {
  zThreshold: 3,
  mediumZ: 4,
  highZ: 5,
  criticalZ: 7,
  baselineDays: 28,
  minHistoryDays: 7,
  direction: "both",
} as const;
const CONFIGS = [
  { key: "eval_plain", label: "plain z-score", seasonality: "none", robust: false },
  { key: "eval_weekly", label: "seasonal (day_of_week)", seasonality: "day_of_week", robust: false },
  { key: "eval_robust", label: "robust (median/MAD)", seasonality: "none", robust: true },
  { key: "eval_weekly_robust", label: "day_of_week + robust", seasonality: "day_of_week", robust: true },
  { key: "eval_daily", label: "seasonal (hour_of_day)", seasonality: "hour_of_day", robust: false },
  { key: "eval_daily_robust", label: "hour_of_day + robust", seasonality: "hour_of_day", robust: true },
  // The default for new hourly metrics: finds the rhythm itself; window and method fields do not apply.
  {
    key: "eval_adaptive",
    label: "adaptive (default)",
    seasonality: "none",
    robust: false,
    detector: "adaptive",
  },
] as const;
const KINDS: InjectionKind[] = ["spike", "drop", "level_shift"];

// Each pass only has to look back over one step; the production default (48 h) does.
process.env.ANOMALY_LOOKBACK_HOURS ??= "48";
if (Number(process.env.ANOMALY_LOOKBACK_HOURS) < STEP_HOURS)
  throw new Error(`ANOMALY_LOOKBACK_HOURS must cover the ${STEP_HOURS}-hour step.`);
// Detection refreshes a series' cached baseline on one pass a day (series id modulo the passes per
// day): with a pass an hour, the interval must say so, or some series would be refreshed several
// times a day and the rest only when two days stale.
process.env.ANOMALY_DETECTION_INTERVAL_MINUTES = String(STEP_HOURS * 60);

type Shape = "flat" | "daily" | "weekly";
type Planned = { shape: Shape; noise: number; injections: Injection[]; outliers: number };
type Scored = {
  kind: InjectionKind;
  size: number;
  shape: Shape;
  noise: number;
  outliers: boolean;
  detected: boolean;
  delayHours?: number;
};
type Result = {
  config: (typeof CONFIGS)[number];
  seconds: number;
  scored: number;
  anomalies: number;
  truePositives: number;
  falsePositives: number;
  echoes: number;
  labels: Scored[];
  cleanSeriesWithAlarm: number;
};

const int = (n: number) => Math.round(n).toLocaleString("en");
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : "–");
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { closeQueues } = await import("@/lib/jobs/queues");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  const { detectAnomalies } = await import("@/lib/anomalies/detect-anomalies");
  const { syntheticSeries } = await import("@/lib/anomalies/synthetic-series");
  const { pick, pickWeighted, seededRandom } = await import("@/lib/seed/random");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());

  const writer = await connectWriter(services.databaseUrl, cleanups);

  // The data set: a plan per series from one seeded generator, the points from a generator per series.
  const random = seededRandom(SEED);
  const evalHours = EVAL_DAYS * 24;
  const series = Array.from({ length: SERIES }, (_, index) => {
    const days = 35 + Math.floor(random() * 11);
    const hours = days * 24;
    const historyHours = hours - evalHours;
    const kind = pickWeighted(random, { flat: 25, daily: 35, weekly: 40 }) as Shape;
    const noise = pick(random, [0.02, 0.05, 0.1]);
    const shape: SeriesShape = {
      level: Math.round(50 * Math.exp(random() * Math.log(100))),
      noise,
      daily: kind === "flat" ? 0 : 0.2 + random() * 0.4,
      weekend: kind === "weekly" ? 0.15 + random() * 0.25 : 0,
    };
    // Up to two injections in the evaluated week, a day apart or more; a level shift comes last.
    const injections: Injection[] = [];
    const count = pickWeighted(random, { none: 20, one: 50, two: 30 });
    let earliest = historyHours + 2;
    for (let n = 0; n < (count === "none" ? 0 : count === "one" ? 1 : 2); n++) {
      const kind =
        n === 0 && count === "two"
          ? pick(random, ["spike", "drop"] as const)
          : (pickWeighted(random, { spike: 40, drop: 30, level_shift: 30 }) as InjectionKind);
      const length = kind === "level_shift" ? SHIFT_LABEL_HOURS : 1 + Math.floor(random() * 4);
      const latest = hours - length - (n === 0 && count === "two" ? 36 : 0);
      if (latest <= earliest) break;
      const at = earliest + Math.floor(random() * (latest - earliest));
      const size = kind === "level_shift" ? 2 + random() * 6 : 3 + random() * 9;
      injections.push({ kind, at, hours: length, size: Math.round(size * 10) / 10 });
      earliest = at + length + 24;
    }
    // A quarter of the series had large outliers in the baseline window before the evaluated week.
    const outliers = random() < 0.25 ? 3 + Math.floor(random() * 4) : 0;
    for (let n = 0; n < outliers; n++) {
      injections.push({
        kind: "spike",
        at: historyHours - 27 * 24 + Math.floor(random() * 26 * 24),
        hours: 1,
        size: 15 + random() * 25,
      });
    }
    const { points, labels } = syntheticSeries(seededRandom(SEED + 1 + index), {
      start: new Date(END.getTime() - hours * HOUR),
      hours,
      shape,
      injections,
    });
    const planned: Planned = { shape: kind, noise, injections, outliers };
    return {
      planned,
      points,
      labels: labels.map((l, n) => ({ ...l, size: injections[n].size })).filter((l) => l.from >= EVAL_START),
    };
  });

  console.log(
    `Data set: ${int(SERIES)} series, ${int(series.reduce((n, s) => n + s.points.length, 0))} points each rule; evaluated ${EVAL_START.toISOString()} … ${END.toISOString()}`,
  );
  const describe = (filter: (s: (typeof series)[number]) => boolean) => int(series.filter(filter).length);
  console.log(
    `  shapes: ${(["flat", "daily", "weekly"] as const).map((k) => `${k} ${describe((s) => s.planned.shape === k)}`).join(", ")}; noise 2 % / 5 % / 10 %: ${[0.02, 0.05, 0.1].map((n) => describe((s) => s.planned.noise === n)).join(" / ")}`,
  );
  console.log(
    `  labelled anomalies: ${KINDS.map((k) => `${k} ${int(series.flatMap((s) => s.labels).filter((l) => l.kind === k).length)}`).join(", ")}; series without any: ${describe((s) => s.labels.length === 0)}; with outliers in their history: ${describe((s) => s.planned.outliers > 0)}`,
  );

  // One tenant per series, one metric per rule; series ids are contiguous per rule.
  const setupStart = performance.now();
  const email = "billing@eval.example";
  await writer.query(
    `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, timezone, created_at, updated_at)
     SELECT 'eval-tenant-' || g, 'Eval Tenant ' || g, 'eval-' || g, 'pro', 'active', $1, $2, 'UTC', $3::timestamp, $3::timestamp
     FROM generate_series(0, $4 - 1) AS g`,
    [encryptPii(email), emailDigest(email), new Date(END.getTime() - 60 * DAY).toISOString(), SERIES],
  );
  for (const config of CONFIGS) {
    await writer.query(
      `INSERT INTO metric_definitions (id, key, name, unit, source, bucket, aggregation, direction, z_threshold, medium_z, high_z, critical_z,
                                       baseline_days, min_history_days, seasonality, robust, detector, updated_at)
       VALUES ($1, $1, $2, 'count', 'api', 'hour', 'mean', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())`,
      [
        config.key,
        config.label,
        RULE.direction,
        RULE.zThreshold,
        RULE.mediumZ,
        RULE.highZ,
        RULE.criticalZ,
        RULE.baselineDays,
        RULE.minHistoryDays,
        config.seasonality,
        config.robust,
        "detector" in config ? config.detector : "zscore",
      ],
    );
    await writer.query(
      `INSERT INTO metric_series (tenant_id, metric_id, evaluated_through) SELECT 'eval-tenant-' || g, $1, $2 FROM generate_series(0, $3 - 1) AS g ORDER BY g`,
      [config.key, new Date(EVAL_START.getTime() - HOUR).toISOString(), SERIES],
    );
  }
  const { rows: seriesRows } = await writer.query<{ id: number; tenant: number; metric_id: string }>(
    `SELECT id, substring(tenant_id FROM 'eval-tenant-(\\d+)')::int AS tenant, metric_id FROM metric_series`,
  );
  const seriesId = new Map(seriesRows.map((r) => [`${r.metric_id}|${r.tenant}`, r.id]));
  const tenantOf = new Map(seriesRows.map((r) => [r.id, r.tenant]));
  for (const config of CONFIGS) {
    for (let first = 0; first < SERIES; first += 100) {
      const rows = series
        .slice(first, first + 100)
        .flatMap((s, n) =>
          s.points.map(
            (p) => [seriesId.get(`${config.key}|${first + n}`)!, p.at.toISOString(), p.value] as const,
          ),
        );
      await writer.query(
        `INSERT INTO metric_points (series_id, bucket, value) SELECT * FROM unnest($1::int[], $2::timestamp[], $3::float8[])`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    }
  }
  await writer.query("VACUUM ANALYZE");
  console.log(`  loaded in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  console.log(
    `\nDetecting, one rule at a time, a pass every ${STEP_HOURS} h over ${EVAL_DAYS} days (${cpus().length} CPUs, load average ${load})…`,
  );
  const results: Result[] = [];
  for (const config of CONFIGS) {
    await writer.query(`UPDATE metric_definitions SET enabled = (key = $1) WHERE key LIKE 'eval\\_%'`, [
      config.key,
    ]);
    // This rule's week starts afresh; the other rules' series have nothing new to mark scored (passes
    // do that for a disabled metric's buckets), so each rule's runs do the same work around it.
    await writer.query(
      `UPDATE metric_series SET evaluated_through = CASE WHEN metric_id = $1 THEN $2::timestamp ELSE $3::timestamp END WHERE metric_id LIKE 'eval\\_%'`,
      [config.key, new Date(EVAL_START.getTime() - HOUR).toISOString(), END.toISOString()],
    );
    let seconds = 0;
    let scored = 0;
    for (
      let hour = EVAL_START.getTime() + STEP_HOURS * HOUR;
      hour <= END.getTime();
      hour += STEP_HOURS * HOUR
    ) {
      const start = performance.now();
      scored += (await detectAnomalies(new Date(hour + PAST_THE_HOUR))).scored;
      seconds += (performance.now() - start) / 1000;
    }
    // Buckets are naive UTC; epoch milliseconds keep the client's time zone out of it.
    const { rows } = await writer.query<{ series_id: number; first_ms: number; last_ms: number }>(
      `SELECT series_id, extract(epoch FROM first_bucket)::float8 * 1000 AS first_ms, extract(epoch FROM last_bucket)::float8 * 1000 AS last_ms
       FROM anomalies WHERE metric_id = $1 ORDER BY first_bucket`,
      [config.key],
    );
    const found = rows.map((r) => ({
      series_id: r.series_id,
      first_bucket: new Date(r.first_ms),
      last_bucket: new Date(r.last_ms),
    }));
    results.push(score(config, found, seconds, scored));
    console.log(
      `  ${config.label}: ${seconds.toFixed(1)} s, ${int(scored)} buckets scored, ${int(found.length)} anomalies`,
    );
  }

  /** Matches a rule's anomalies with the labels of their series. */
  function score(
    config: (typeof CONFIGS)[number],
    found: { series_id: number; first_bucket: Date; last_bucket: Date }[],
    seconds: number,
    scored: number,
  ): Result {
    const byTenant = new Map<number, typeof found>();
    for (const a of found)
      byTenant.set(tenantOf.get(a.series_id)!, [...(byTenant.get(tenantOf.get(a.series_id)!) ?? []), a]);
    const overlaps = (a: (typeof found)[number], from: Date, to: Date) =>
      a.first_bucket < to && a.last_bucket >= from;
    let truePositives = 0;
    let falsePositives = 0;
    let echoes = 0;
    let cleanSeriesWithAlarm = 0;
    const labels: Scored[] = [];
    series.forEach((s, tenant) => {
      const anomalies = byTenant.get(tenant) ?? [];
      if (s.labels.length === 0 && anomalies.length > 0) cleanSeriesWithAlarm++;
      for (const label of s.labels as (Label & { size: number })[]) {
        const hits = anomalies.filter((a) => overlaps(a, label.from, label.to));
        const first = hits[0];
        labels.push({
          kind: label.kind,
          size: label.size,
          shape: s.planned.shape,
          noise: s.planned.noise,
          outliers: s.planned.outliers > 0,
          detected: Boolean(first),
          delayHours: first
            ? Math.max(0, first.first_bucket.getTime() - label.from.getTime()) / HOUR
            : undefined,
        });
      }
      for (const a of anomalies) {
        if (s.labels.some((l) => overlaps(a, l.from, l.to))) truePositives++;
        else if (s.labels.some((l) => l.kind === "level_shift" && overlaps(a, l.from, END))) echoes++;
        else falsePositives++;
      }
    });
    return {
      config,
      seconds,
      scored,
      anomalies: found.length,
      truePositives,
      falsePositives,
      echoes,
      labels,
      cleanSeriesWithAlarm,
    };
  }

  const recallOf = (labels: Scored[]) => labels.filter((l) => l.detected).length / labels.length;
  const rows = results.map((r) => {
    const precision = r.truePositives / (r.truePositives + r.falsePositives);
    const recall = recallOf(r.labels);
    const delays = r.labels.filter((l) => l.detected).map((l) => l.delayHours!);
    return [
      r.config.label,
      pct(precision),
      pct(recall),
      ((2 * precision * recall) / (precision + recall)).toFixed(3),
      mean(delays).toFixed(2),
      median(delays).toFixed(1),
      int(r.anomalies),
      int(r.falsePositives),
      int(r.echoes),
      `${int(r.cleanSeriesWithAlarm)} / ${int(series.filter((s) => s.labels.length === 0).length)}`,
      r.seconds.toFixed(1),
      int(r.scored / r.seconds),
    ];
  });
  printTable(
    [
      "rule (threshold 3, 28 days)",
      "precision",
      "recall",
      "F1",
      "mean delay h",
      "median delay h",
      "anomalies",
      "false pos.",
      "shift echoes",
      "clean series alarmed",
      "seconds",
      "buckets/s",
    ],
    rows,
  );

  const bands: [string, (l: Scored) => boolean][] = [
    ...KINDS.map((kind) => [`${kind}`, (l: Scored) => l.kind === kind] as [string, (l: Scored) => boolean]),
    ["spike/drop < 5σ", (l) => l.kind !== "level_shift" && l.size < 5],
    ["spike/drop ≥ 5σ", (l) => l.kind !== "level_shift" && l.size >= 5],
    ["level shift < 4σ", (l) => l.kind === "level_shift" && l.size < 4],
    ["level shift ≥ 4σ", (l) => l.kind === "level_shift" && l.size >= 4],
  ];
  printTable(
    ["recall by kind (labels)", ...results.map((r) => r.config.label)],
    bands.map(([name, filter]) => [
      `${name} (${int(results[0].labels.filter(filter).length)})`,
      ...results.map((r) => pct(recallOf(r.labels.filter(filter)))),
    ]),
  );
  printTable(
    ["recall by series shape", ...results.map((r) => r.config.label)],
    [
      ...(["flat", "daily", "weekly"] as const).map(
        (shape) => [shape, (l: Scored) => l.shape === shape] as const,
      ),
      ...[0.02, 0.05, 0.1].map(
        (noise) => [`noise ${noise * 100} %`, (l: Scored) => l.noise === noise] as const,
      ),
      ["outliers in history", (l: Scored) => l.outliers] as const,
    ].map(([name, filter]) => [
      `${name} (${int(results[0].labels.filter(filter).length)})`,
      ...results.map((r) => pct(recallOf(r.labels.filter(filter)))),
    ]),
  );
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(
    `\nDetection time, all rules: ${total.toFixed(1)} s (${int(results.reduce((s, r) => s + r.scored, 0))} buckets scored in ${results.length * ((EVAL_DAYS * 24) / STEP_HOURS)} passes).`,
  );
});
