// npx tsx bench/revenue.ts: how long do the Revenue page's queries take on a large platform?
// Starts a throwaway PostgreSQL and Redis and generates in SQL (deterministic per tenant) 50,000
// tenants, each with a subscription history over the last 24 months: a trial, then a change in
// about half of the months after (price moves, upgrades, downgrades, a cancellation now and then,
// comebacks; a tenth in yearly billing, a tenth in EUR), about 600,000 rows. Then, timed (median
// of 3 after a warm-up):
// 1. the Revenue page's report for 24 months, all plans (MRR and customers per month, MRR movements,
//    trial outcomes, the cohort retention heatmap);
// 2. the same filtered by one plan;
// 3. the Overview's revenue card (6 months);
// against a baseline in the same run: one plain aggregate query over the same rows (sum and count
// of history rows per month and currency). Goal: the page's report under 2 s.
// A report: exits 0 whatever the figures, 1 only if something throws.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { connectWriter, measure, printTable, runBench, startBenchServices } from "./support";

const TENANTS = 50_000;
const MONTHS = 24;
const NOW = new Date("2026-11-18T12:00:00.000Z");
const GOAL_MS = 2_000;

const ms = (n: number) => `${Math.round(n).toLocaleString("en")} ms`;

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { getRevenueReport } = await import("@/lib/revenue/revenue-report");
  cleanups.push(() => db.$disconnect());
  const writer = await connectWriter(services.databaseUrl, cleanups);

  // ---- Setup, not measured ----
  const setupStart = performance.now();
  const plan = `(ARRAY['free', 'starter', 'starter', 'pro', 'pro', 'enterprise'])[i % 6 + 1]`;
  await writer.query(
    `INSERT INTO tenants (id, name, slug, plan, plan_version_id, billing_interval, status, contact_email_encrypted, contact_email_digest, created_at, updated_at)
     SELECT 'bench-t-' || i, 'Tenant ' || i, 'tenant-' || i, ${plan}::"Plan", 'plan_' || ${plan} || '_v1',
            CASE WHEN i % 10 = 0 THEN 'year' ELSE 'month' END::"BillingInterval", 'active', 'not-read', 'not-read',
            $1::timestamp - (i % ${MONTHS}) * interval '1 month', $1::timestamp
     FROM generate_series(1, ${TENANTS}) AS i`,
    [NOW.toISOString()],
  );
  // Month m after the tenant's start: a trial in month 0, then a change in about half of the months.
  // The MRR walks between a few price points; status cancelled (MRR 0) one month in twelve.
  await writer.query(
    `INSERT INTO subscription_changes (id, tenant_id, at, plan, plan_version_id, billing_interval, status, mrr_minor, currency, source)
     SELECT 'bench-s-' || i || '-' || m, 'bench-t-' || i,
            $1::timestamp - ((i % ${MONTHS}) - m) * interval '1 month' + (i % 27) * interval '1 day',
            p.plan::"Plan", 'plan_' || p.plan || '_v1', CASE WHEN i % 10 = 0 THEN 'year' ELSE 'month' END::"BillingInterval",
            s.status::"TenantStatus",
            CASE WHEN s.status = 'active' THEN (ARRAY[2900, 4900, 9900, 14900, 49900])[(i + m * 3) % 5 + 1] ELSE 0 END,
            CASE WHEN i % 10 = 3 THEN 'EUR' ELSE 'USD' END, 'bench'
     FROM generate_series(1, ${TENANTS}) AS i
     CROSS JOIN generate_series(0, ${MONTHS - 1}) AS m
     CROSS JOIN LATERAL (SELECT ${plan} AS plan) p
     CROSS JOIN LATERAL (SELECT CASE WHEN m = 0 THEN 'trialing' WHEN (i + m) % 12 = 0 THEN 'cancelled' ELSE 'active' END AS status) s
     WHERE m <= i % ${MONTHS} AND (m <= 1 OR (i * 7 + m * 13) % 2 = 0)`,
    [NOW.toISOString()],
  );
  await writer.query("ANALYZE tenants; ANALYZE subscription_changes");
  const { rows } = await writer.query<{ n: string }>("SELECT count(*) AS n FROM subscription_changes");
  console.log(
    `\nSetup: ${TENANTS.toLocaleString("en")} tenants, ${Number(rows[0].n).toLocaleString("en")} history rows over ${MONTHS} months in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
  );

  // ---- Measured ----
  const runs = { warmup: 1, timed: 3 };
  const baseline = await measure(
    () =>
      db.$queryRaw`SELECT date_trunc('month', at) AS month, currency, sum(mrr_minor) AS mrr, count(*) AS n
                   FROM subscription_changes GROUP BY 1, 2`,
    runs,
  );
  const all = await measure(() => getRevenueReport({ months: MONTHS }, NOW), runs);
  const onePlan = await measure(() => getRevenueReport({ months: MONTHS, plan: "pro" }, NOW), runs);
  const card = await measure(() => getRevenueReport({ months: 6 }, NOW), runs);
  const report = await getRevenueReport({ months: MONTHS }, NOW);
  const last = report.months.USD.at(-1)!;

  printTable(
    ["Query (median of 3)", "Time", "p95", "× plain aggregate"],
    [
      ["Plain aggregate (baseline)", ms(baseline.median), ms(baseline.p95), "1.0"],
      [
        "Revenue page, 24 months, all plans",
        ms(all.median),
        ms(all.p95),
        (all.median / baseline.median).toFixed(1),
      ],
      [
        "Revenue page, 24 months, one plan",
        ms(onePlan.median),
        ms(onePlan.p95),
        (onePlan.median / baseline.median).toFixed(1),
      ],
      ["Overview card, 6 months", ms(card.median), ms(card.p95), (card.median / baseline.median).toFixed(1)],
    ],
  );
  console.log(
    `\nLast month (USD): MRR ${(last.mrr / 100).toLocaleString("en")}, ${last.customers.toLocaleString("en")} paying; ` +
      `${report.cohorts.length} cohort cells.`,
  );
  console.log(
    `Goal < ${ms(GOAL_MS)} for the page: ${all.median < GOAL_MS && onePlan.median < GOAL_MS ? "met" : "missed"}. ` +
      `${cpus().length} cores, load ${loadavg()[0].toFixed(1)}.`,
  );
});
