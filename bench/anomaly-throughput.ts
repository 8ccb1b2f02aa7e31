// npx tsx bench/anomaly-throughput.ts: how long does one detection pass take over 10,000 tenants ×
// 6 hourly metrics × 30 days (43.2 M points), and how much memory does the worker need for it?
// Starts a throwaway PostgreSQL and Redis, inserts the tenants with one statement, generates the
// points inside PostgreSQL (generate_series, in chunks, two connections), VACUUM ANALYZEs, then
// sets every series' evaluated_through so exactly one closed bucket is new — the steady state of
// the 15-minute schedule — and times ONE `detectAnomalies(now)` as the worker runs it, sampling
// this process's resident memory every 100 ms. Baseline in the same run: a plain mean and
// standard deviation per series over all points (one GROUP BY), which PostgreSQL may run with
// parallel workers. Then the plan of one batch (1,000 series), EXPLAIN ANALYZE in a transaction
// that is rolled back. Target (the product issue): the pass under 30 s and the worker under
// 300 MB. A report: exits 0 whether or not the target is met, 1 only if something throws.
// Needs ~6 GB of disk in the temp dir, removed at the end.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { printTable, runBench, startBenchServices } from "./support";

const TENANTS = 10_000;
const DAYS = 30;
const HOURS = DAYS * 24;
/** Tenants per generated chunk: 3,000 series × 720 hours = 2.16 M points per statement. */
const CHUNK_TENANTS = 500;
const TARGET_SECONDS = 30;
const TARGET_RSS_MB = 300;
const HOUR = 3_600_000;
/** Hour-aligned: the bucket that closed at NOW is the one each series has not been scored on yet. */
const NOW = new Date("2026-11-18T12:00:00.000Z");
const TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];

/**
 * The six hourly metrics: four defaults as the migration seeds them and two custom ones, so the
 * pass sees every seasonality (none, hour_of_day, day_of_week), robust on and off, and baseline
 * windows of 7, 14 and 28 days.
 */
const DEFAULT_METRICS = ["revenue", "active_users", "error_rate", "latency_p95"];
const CUSTOM_METRICS = [
  { key: "checkouts", name: "Checkouts", direction: "drop", baselineDays: 14, seasonality: "none", robust: true },
  { key: "signups", name: "Sign-ups", direction: "both", baselineDays: 28, seasonality: "day_of_week", robust: true },
] as const;

const int = (n: number) => Math.round(n).toLocaleString("en");
const mb = (bytes: number) => bytes / 2 ** 20;

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { closeQueues } = await import("@/lib/jobs/queues");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  const { detectAnomalies } = await import("@/lib/anomalies/detect-anomalies");
  const { scoreBuckets } = await import("@/lib/anomalies/score-buckets");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());

  const connect = async () => {
    const client = new pg.Client({ connectionString: services.databaseUrl });
    // On Ctrl-C PostgreSQL gets the signal too and drops the connection; without a listener that
    // would crash the script before it cleans up. Errors during a query still reject that query.
    client.on("error", () => {});
    await client.connect();
    cleanups.push(() => client.end());
    return client;
  };
  const writers = [await connect(), await connect()];
  const [writer] = writers;

  // Setup, not measured.
  const setupStart = performance.now();
  console.log(`Inserting ${int(TENANTS)} tenants and ${int(TENANTS * 6)} series…`);
  const email = "billing@bench.example";
  await writer.query(
    `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, timezone, created_at, updated_at)
     SELECT 'bench-tenant-' || g, 'Bench Tenant ' || g, 'bench-' || g, 'pro', 'active', $1, $2, ($3::text[])[1 + g % 4],
            $4::timestamp - interval '60 days', $4::timestamp - interval '60 days'
     FROM generate_series(1, $5) AS g`,
    [encryptPii(email), emailDigest(email), TIMEZONES, NOW.toISOString(), TENANTS],
  );
  for (const m of CUSTOM_METRICS) {
    await writer.query(
      `INSERT INTO metric_definitions (id, key, name, unit, source, bucket, aggregation, direction, z_threshold, medium_z, high_z, critical_z,
                                       baseline_days, min_history_days, seasonality, robust, updated_at)
       VALUES ($1, $1, $2, 'count', 'api', 'hour', 'sum', $3, 3, 4, 5, 7, $4, 7, $5, $6, now())`,
      [m.key, m.name, m.direction, m.baselineDays, m.seasonality, m.robust],
    );
  }
  const metricKeys = [...DEFAULT_METRICS, ...CUSTOM_METRICS.map((m) => m.key)];
  // Tenant by tenant, as series appear when a platform starts reporting: a batch of 1,000 series
  // holds every metric (and so every rule) in equal shares.
  await writer.query(
    `INSERT INTO metric_series (tenant_id, metric_id)
     SELECT 'bench-tenant-' || g, d.id FROM generate_series(1, $1) AS g
     CROSS JOIN LATERAL (SELECT id, array_position($2::text[], key) AS position FROM metric_definitions WHERE key = ANY($2::text[])) d
     ORDER BY g, d.position`,
    [TENANTS, metricKeys],
  );
  const { rows: [{ series }] } = await writer.query<{ series: number }>("SELECT count(*)::int AS series FROM metric_series");

  // Each series has its own level, daily amplitude and noise (from its id); every point is level ×
  // (1 + daily cycle − weekend dip) + noise with a roughly normal shape (sum of four uniforms), and
  // one series in a hundred spikes in its last bucket, so detection has anomalies to record.
  // The foreign key to metric_series is not checked while loading (session_replication_role):
  // every series id comes from the table.
  const start = new Date(NOW.getTime() - HOURS * HOUR);
  const chunkSeries = CHUNK_TENANTS * metricKeys.length;
  const chunks = Math.ceil(series / chunkSeries);
  console.log(`Generating ${int(series * HOURS)} points in ${chunks} chunks of ${int(chunkSeries * HOURS)} (two connections)…`);
  for (const client of writers) await client.query("SET session_replication_role = replica");
  const loadStart = performance.now();
  let loaded = 0;
  let next = 0;
  await Promise.all(
    writers.map(async (client) => {
      while (next < chunks) {
        const chunk = next++;
        await client.query(
          `INSERT INTO metric_points (series_id, bucket, value)
           SELECT sid, at, greatest(0, round((level * (1 + daily * sin(2 * pi() * (extract(hour FROM at) - 9) / 24)
                                                   - CASE WHEN extract(isodow FROM at) >= 6 THEN weekend ELSE 0 END)
                                              + level * noise * (random() + random() + random() + random() - 2) * sqrt(3)
                                              + CASE WHEN at = $3::timestamp - interval '1 hour' AND sid % 100 = 7 THEN level * 0.8 ELSE 0 END)::numeric, 2))
           FROM generate_series($1::int + 1, $2::int) AS sid
           CROSS JOIN LATERAL (SELECT 50 + (sid * 7919) % 1000 AS level, ((sid * 31) % 5) * 0.1 AS daily,
                                      ((sid * 17) % 3) * 0.1 AS weekend, 0.02 + ((sid * 13) % 4) * 0.02 AS noise) shape
           CROSS JOIN LATERAL generate_series($4::timestamp, $3::timestamp - interval '1 hour', interval '1 hour') AS at`,
          [chunk * chunkSeries, Math.min(series, (chunk + 1) * chunkSeries), NOW.toISOString(), start.toISOString()],
        );
        loaded += Math.min(series, (chunk + 1) * chunkSeries) - chunk * chunkSeries;
        const seconds = (performance.now() - loadStart) / 1000;
        console.log(`  ${int(loaded * HOURS)} points (${Math.round((loaded / series) * 100)}%), ${seconds.toFixed(0)} s, ${int((loaded * HOURS) / seconds)} points/s`);
      }
    }),
  );
  for (const client of writers) await client.query("RESET session_replication_role");
  console.log("VACUUM ANALYZE…");
  const vacuumStart = performance.now();
  await writer.query("VACUUM ANALYZE");
  const { rows: [size] } = await writer.query<{ points: string; table: string; index: string }>(
    `SELECT (SELECT count(*) FROM metric_points)::text AS points, pg_size_pretty(pg_table_size('metric_points')) AS table,
            pg_size_pretty(pg_indexes_size('metric_points')) AS index`,
  );
  console.log(`  done in ${((performance.now() - vacuumStart) / 1000).toFixed(0)} s; ${int(Number(size.points))} points, table ${size.table}, index ${size.index}`);
  if (Number(size.points) !== series * HOURS) throw new Error(`Expected ${series * HOURS} points, found ${size.points}.`);

  // The steady state of the 15-minute schedule: everything up to the previous hour is scored.
  const scoredThrough = new Date(NOW.getTime() - 2 * HOUR);
  await writer.query("UPDATE metric_series SET evaluated_through = $1", [scoredThrough.toISOString()]);
  const { rows: [{ scanned }] } = await writer.query<{ scanned: string }>(
    `SELECT sum(least(d.baseline_days * 24, $1::int - 1) + 1)::text AS scanned FROM metric_series s JOIN metric_definitions d ON d.id = s.metric_id`,
    [HOURS],
  );
  // The worker has its Prisma engine loaded and its pool open before a pass.
  await db.metricDefinition.count();
  console.log(`Setup done in ${((performance.now() - setupStart) / 1000).toFixed(0)} s.`);

  const load = loadavg().map((l) => l.toFixed(2)).join(", ");
  console.log(`\nTiming one detection pass at ${NOW.toISOString()} (${cpus().length} CPUs, load average ${load})…`);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const passStart = performance.now();
  let lastPercent = -1;
  const summary = await detectAnomalies(NOW, (percent) => {
    if (percent >= lastPercent + 20 || percent === 100) {
      lastPercent = percent;
      console.log(`  ${percent}% after ${((performance.now() - passStart) / 1000).toFixed(1)} s`);
    }
  });
  const passSeconds = (performance.now() - passStart) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  // What the pass did, checked in the database: a figure for work not done would mislead.
  const { rows: [done] } = await writer.query<{ advanced: number; anomalies: number; spiked: number }>(
    `SELECT (SELECT count(*) FROM metric_series WHERE evaluated_through = $1)::int AS advanced,
            (SELECT count(*) FROM anomalies)::int AS anomalies,
            (SELECT count(*) FROM anomalies WHERE series_id % 100 = 7 AND peak_bucket = $1)::int AS spiked`,
    [new Date(NOW.getTime() - HOUR).toISOString()],
  );
  const checks = [
    [summary.scored === series, `${int(summary.scored)} buckets scored (one per series)`],
    [done.advanced === series, `${int(done.advanced)} series marked scored through ${new Date(NOW.getTime() - HOUR).toISOString()}`],
    [done.anomalies === summary.opened && summary.opened > 0, `${int(done.anomalies)} anomalies recorded (${int(summary.anomalous)} anomalous buckets)`],
    [done.spiked > 0, `${int(done.spiked)} of the ${int(series / 100)} injected last-hour spikes among them`],
  ] as const;
  for (const [ok, what] of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (checks.some(([ok]) => !ok)) throw new Error("The pass did not do what the figures claim (see FAIL above).");

  console.log("\nBaseline: mean and standard deviation per series over all points (one GROUP BY)…");
  const baselineStart = performance.now();
  const { rowCount: groups } = await writer.query("SELECT series_id, avg(value), stddev_samp(value) FROM metric_points GROUP BY series_id");
  const baselineSeconds = (performance.now() - baselineStart) / 1000;
  if (groups !== series) throw new Error(`The baseline returned ${groups} groups, not ${series}.`);

  // The plan of the first batch, as detection runs it (its work_mem), on the same bucket again.
  let captured: { text: string; values: unknown[] } | undefined;
  const capture = { $queryRaw: async (sql: { text: string; values: unknown[] }) => ((captured = sql), []) };
  await scoreBuckets(capture as never, { afterId: 0, uptoId: 1_000, now: NOW, lookbackFrom: new Date(NOW.getTime() - 48 * HOUR) });
  await writer.query("BEGIN");
  await writer.query("UPDATE metric_series SET evaluated_through = $1 WHERE id <= 1000", [scoredThrough.toISOString()]);
  await writer.query("SET LOCAL work_mem = '64MB'");
  const plan = await writer.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${captured!.text}`, captured!.values);
  await writer.query("ROLLBACK");
  const planLines = plan.rows.map((r) => r["QUERY PLAN"]);
  const batchMs = Number(planLines.find((l) => l.startsWith("Execution Time"))?.match(/[\d.]+/)?.[0] ?? NaN);

  printTable(
    ["", "seconds", "series/s", "points scanned", "points/s", "× baseline", `× target (${TARGET_SECONDS} s)`],
    [
      ["detectAnomalies, one pass", passSeconds.toFixed(2), int(series / passSeconds), int(Number(scanned)), int(Number(scanned) / passSeconds), (passSeconds / baselineSeconds).toFixed(2), (passSeconds / TARGET_SECONDS).toFixed(2)],
      ["  one batch (EXPLAIN ANALYZE)", (batchMs / 1000).toFixed(2), int(1_000 / (batchMs / 1000)), "", "", "", ""],
      ["baseline: GROUP BY over all points", baselineSeconds.toFixed(2), int(series / baselineSeconds), int(Number(size.points)), int(Number(size.points) / baselineSeconds), "1.00", ""],
    ],
  );
  console.log(`\nPass summary: ${JSON.stringify(summary)}`);
  console.log(`Worker memory (this process's RSS, sampled every 100 ms): peak ${mb(peakRss).toFixed(0)} MB, ${mb(peakRss - baselineRss).toFixed(0)} MB above the ${mb(baselineRss).toFixed(0)} MB before the pass.`);
  console.log("PostgreSQL runs in processes of its own (default settings: shared_buffers 128 MB; detection sets work_mem 64 MB per batch).");
  console.log(`\nPlan of one batch (series 1–1,000, one bucket each):\n${planLines.join("\n")}`);
  const fast = passSeconds < TARGET_SECONDS;
  const small = mb(peakRss) < TARGET_RSS_MB;
  console.log(`\nTarget: one pass over ${int(series)} series under ${TARGET_SECONDS} s: ${fast ? "MET" : "NOT MET"} (${passSeconds.toFixed(2)} s)`);
  console.log(`Target: the worker under ${TARGET_RSS_MB} MB during the pass: ${small ? "MET" : "NOT MET"} (peak RSS ${mb(peakRss).toFixed(0)} MB)`);
});
