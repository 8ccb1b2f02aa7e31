// npx tsx bench/usage-analysis.ts: how long does the daily usage analysis take on a large platform?
// Starts a throwaway PostgreSQL and Redis and generates in SQL (generate_series, deterministic per
// tenant) 50,000 tenants across plans and statuses (2 % younger than the window, 2 % cancelled) with
// the 30 days of activity the analysis reads: hourly rate-limit traffic every day for 40 % of them,
// two days a week for 15 %, four days in a row for 12 %, one day for 10 %, none for the rest; some
// free and starter tenants above their plan's allowance and 5 % denied every active day; a reported
// daily metric for a tenth (some at 0); a payment for the paying ones. Then, timed:
// 1. analyzeUsage on the day: snapshots for every tenant not cancelled, plan-fit items raised;
// 2. analyzeUsage again the same day: the snapshots overwritten, nothing new raised;
// against a baseline in the same run: one plain aggregate query computing the same per-tenant figures
// (active days, requests, peak day, limit days) over the same rows, whose figures the snapshots must
// equal. Peak RSS is this process's high-water mark (maxRSS) after each run, beside the one before
// the first (the data is generated in PostgreSQL, so the setup adds little). A report: exits 0 whatever the figures, 1 only if something throws.
// Needs ~3 GB in the temp dir (removed at the end); the setup takes about 3 minutes on 2 cores.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { connectWriter, printTable, runBench, startBenchServices } from "./support";

const TENANTS = 50_000;
const NOW = new Date("2026-11-18T04:30:00.000Z");
const WINDOW_START = "2026-10-19";
const WINDOW_END = "2026-11-18";
/** Tenants per traffic insert: ten statements, each a few million rows. */
const CHUNK = 5_000;

// Every profile is a function of the tenant's number i, so a run is the same every time.
const PLAN = `(ARRAY['free', 'free', 'free', 'free', 'starter', 'starter', 'starter', 'pro', 'pro', 'enterprise'])[(i * 7) % 10 + 1]`;
const STATUS = `CASE WHEN i % 100 < 8 THEN 'trialing' WHEN i % 100 < 14 THEN 'past_due' WHEN i % 100 < 18 THEN 'suspended' WHEN i % 100 < 20 THEN 'cancelled' ELSE 'active' END`;
/** Requests an hour by plan: about a fifth of the free and starter tenants active all day pass their allowance. */
const HOURLY = `CASE ${PLAN} WHEN 'free' THEN 10 + i % 40 WHEN 'starter' THEN 100 + i % 400 WHEN 'pro' THEN 200 + i % 2000 ELSE 1000 + i % 5000 END`;
/** Whether the tenant is active on day d (0 is the window's first): daily, weekly, a burst of 4 days, one day, or never. */
const ACTIVE_ON = `CASE WHEN (i * 13) % 100 < 40 THEN true WHEN (i * 13) % 100 < 55 THEN (d + i) % 7 IN (0, 3)
  WHEN (i * 13) % 100 < 67 THEN d BETWEEN i % 20 AND i % 20 + 3 WHEN (i * 13) % 100 < 77 THEN d = i % 30 ELSE false END`;

const int = (n: number) => Math.round(n).toLocaleString("en");
const seconds = (since: number) => (performance.now() - since) / 1000;
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  process.env.REVIEW_ENGINE = "rules";
  const { db } = await import("@/lib/db");
  const { closeQueues } = await import("@/lib/jobs/queues");
  const { analyzeUsage } = await import("@/lib/usage/analyze-usage");
  const { DAILY_ALLOWANCE } = await import("@/lib/usage/plan-allowances");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());
  const writer = await connectWriter(services.databaseUrl, cleanups);

  // ---- Setup, not measured ----
  const setupStart = performance.now();
  await writer.query(
    `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, created_at, updated_at)
     SELECT 'bench-t-' || i, 'Tenant ' || i, 'tenant-' || i, ${PLAN}::"Plan", ${STATUS}::"TenantStatus", 'not-read', 'not-read',
       $1::timestamp - CASE WHEN i % 50 = 0 THEN interval '10 days' ELSE (60 + i % 640) * interval '1 day' END, $1::timestamp
     FROM generate_series(1, ${TENANTS}) AS i`,
    [NOW.toISOString()],
  );
  for (let from = 1; from <= TENANTS; from += CHUNK) {
    await writer.query(
      `INSERT INTO rate_limit_hours (tenant_id, hour, allowed, denied, shadow_denied)
       SELECT 'bench-t-' || i, h, ${HOURLY} + extract(hour FROM h)::int % 5, CASE WHEN i % 20 = 1 AND extract(hour FROM h) = 12 THEN 2 ELSE 0 END, 0
       FROM generate_series($1::int, $2::int) AS i
       CROSS JOIN generate_series($3::timestamp, $4::timestamp - interval '1 hour', interval '1 hour') AS h
       CROSS JOIN LATERAL (SELECT h::date - $3::date AS d) AS day
       WHERE ${ACTIVE_ON}`,
      [from, Math.min(TENANTS, from + CHUNK - 1), WINDOW_START, WINDOW_END],
    );
    process.stdout.write(`\r  traffic for ${int(Math.min(TENANTS, from + CHUNK - 1))} tenants…`);
  }
  await writer.query(
    `INSERT INTO metric_series (tenant_id, metric_id) SELECT 'bench-t-' || i, 'metric_active_users' FROM generate_series(3, ${TENANTS}, 10) AS i`,
  );
  await writer.query(
    `INSERT INTO metric_points (series_id, bucket, value)
     SELECT s.id, d + interval '9 hours', (s.id + extract(day FROM d)::int) % 5
     FROM metric_series s CROSS JOIN generate_series($1::timestamp, $2::timestamp - interval '1 day', interval '1 day') AS d`,
    [WINDOW_START, WINDOW_END],
  );
  await writer.query(
    `INSERT INTO payments (id, tenant_id, amount_minor, currency, status, provider_reference, created_at, updated_at)
     SELECT 'bench-p-' || i, 'bench-t-' || i, 4900, 'EUR', 'succeeded', 'bench-ch-' || i, $1::timestamp + (i % 30) * interval '1 day' + interval '8 hours', $1::timestamp
     FROM generate_series(1, ${TENANTS}) AS i WHERE ${PLAN} <> 'free' AND ${STATUS} IN ('active', 'past_due')`,
    [WINDOW_START],
  );
  await writer.query("VACUUM ANALYZE");
  const {
    rows: [sizes],
  } = await writer.query<{ hours: string; database: string }>(
    `SELECT (SELECT count(*) FROM rate_limit_hours)::text AS hours, pg_size_pretty(pg_database_size(current_database())) AS database`,
  );
  console.log(
    `\nSetup done in ${seconds(setupStart).toFixed(0)} s: ${int(TENANTS)} tenants, ${int(Number(sizes.hours))} rate-limit hours, database ${sizes.database}.`,
  );

  // The baseline: the same per-tenant figures from one statement, each source aggregated once over the window.
  const allowance = `CASE t.plan ${Object.entries(DAILY_ALLOWANCE)
    .map(([plan, n]) => `WHEN '${plan}' THEN ${n}`)
    .join(" ")} END`;
  const baselineSql = `
    WITH activity AS (
      SELECT tenant_id, hour::date AS day, allowed + denied AS requests, denied, false AS other FROM rate_limit_hours WHERE hour >= $1::timestamp AND hour < $2::timestamp
      UNION ALL
      SELECT s.tenant_id, p.bucket::date, 0, 0, true FROM metric_series s JOIN metric_definitions m ON m.id = s.metric_id AND m.source = 'api'
      JOIN metric_points p ON p.series_id = s.id AND p.bucket >= $1::timestamp AND p.bucket < $2::timestamp AND p.value > 0
      UNION ALL
      SELECT tenant_id, created_at::date, 0, 0, true FROM payments WHERE created_at >= $1::timestamp AND created_at < $2::timestamp
    ), days AS (
      SELECT tenant_id, day, sum(requests) AS requests, sum(denied) AS denied, bool_or(other) AS other FROM activity GROUP BY 1, 2
    )
    SELECT t.id, count(*) FILTER (WHERE requests > 0 OR other)::int AS "activeDays", coalesce(sum(requests), 0)::text AS requests,
      coalesce(max(requests), 0)::int AS peak, count(*) FILTER (WHERE denied > 0 OR requests >= ${allowance})::int AS "limitDays"
    FROM tenants t LEFT JOIN days ON days.tenant_id = t.id
    WHERE t.status <> 'cancelled'
    GROUP BY t.id`;
  type Figures = { id: string; activeDays: number; requests: string; peak: number; limitDays: number };
  const runBaseline = async () =>
    (await writer.query<Figures>(baselineSql, [`${WINDOW_START}T00:00:00Z`, `${WINDOW_END}T00:00:00Z`])).rows;
  // Warms the buffer cache, so neither measurement pays for reading from disk first.
  await runBaseline();

  // ---- Measured ----
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(", ");
  console.log(
    `\nTiming analyzeUsage over ${int(TENANTS)} tenants (${cpus().length} CPUs, load average ${load()})…`,
  );
  // The high-water mark so far (setup, the warm-up): a peak above it is the analysis's.
  const rssBefore = maxRssMb();
  let start = performance.now();
  const first = await analyzeUsage(NOW);
  const firstSeconds = seconds(start);
  const firstPeak = maxRssMb();
  console.log(`  ${JSON.stringify(first)} in ${firstSeconds.toFixed(2)} s`);
  start = performance.now();
  const again = await analyzeUsage(NOW);
  const againSeconds = seconds(start);
  console.log(`  again the same day: ${JSON.stringify(again)} in ${againSeconds.toFixed(2)} s`);
  start = performance.now();
  const baseline = await runBaseline();
  const baselineSeconds = seconds(start);

  // What the analysis stored, checked against the baseline: a figure for work not done would mislead.
  const snapshots = await db.tenantUsage.findMany({
    select: {
      tenantId: true,
      activeDays: true,
      requests: true,
      peakDailyRequests: true,
      limitDays: true,
      usageClass: true,
    },
  });
  const byTenant = new Map(baseline.map((b) => [b.id, b]));
  const differing = snapshots.filter((s) => {
    const b = byTenant.get(s.tenantId);
    return (
      !b ||
      b.activeDays !== s.activeDays ||
      b.requests !== String(s.requests) ||
      b.peak !== s.peakDailyRequests ||
      b.limitDays !== s.limitDays
    );
  });
  const raised = Object.values(first.raised).reduce((sum, n) => sum + n, 0);
  const checks = [
    [
      first.analysed === baseline.length && snapshots.length === baseline.length,
      `${int(first.analysed)} tenants analysed, ${int(snapshots.length)} snapshots, ${int(baseline.length)} in the baseline`,
    ],
    [
      differing.length === 0,
      `every snapshot's active days, requests, peak day and limit days equal the baseline's (${differing.length} differ)`,
    ],
    [raised > 0 && (await db.reviewItem.count()) === raised, `${int(raised)} plan-fit items raised`],
    [Object.values(again.raised).every((n) => n === 0), "nothing new raised the second time"],
  ] as const;
  for (const [ok, what] of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (checks.some(([ok]) => !ok))
    throw new Error("The analysis did not do what the figures claim (see FAIL above).");
  const classes = new Map<string, number>();
  for (const s of snapshots) classes.set(s.usageClass, (classes.get(s.usageClass) ?? 0) + 1);
  console.log(`  classes: ${[...classes].map(([c, n]) => `${c} ${int(n)}`).join(", ")}`);

  printTable(
    ["", "seconds", "tenants/s", "× baseline", "peak RSS MB"],
    [
      [
        "analyzeUsage",
        firstSeconds.toFixed(2),
        int(first.analysed / firstSeconds),
        (firstSeconds / baselineSeconds).toFixed(2),
        `${firstPeak.toFixed(0)} (${rssBefore.toFixed(0)} before it)`,
      ],
      [
        "analyzeUsage again the same day",
        againSeconds.toFixed(2),
        int(again.analysed / againSeconds),
        (againSeconds / baselineSeconds).toFixed(2),
        maxRssMb().toFixed(0),
      ],
      [
        "baseline: one aggregate query",
        baselineSeconds.toFixed(2),
        int(baseline.length / baselineSeconds),
        "1.00",
        "",
      ],
    ],
  );
});
