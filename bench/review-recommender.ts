// npx tsx bench/review-recommender.ts: how long does the daily suspension recommender take over
// 50,000 running tenants, and how fast does the rules engine decide the items it raises? Starts a
// throwaway PostgreSQL and Redis and bulk-inserts (unnest and generate_series, from a fixed seed)
// 50,000 running tenants plus 5,000 suspended or cancelled ones with the signals the recommender
// reads: monthly (some annual) payments with retrying and failed ones, IP bans (active, lifted,
// expired), 30 days of rate-limit violations, 14 days of hourly rate-limit traffic (older bursts for
// idle tenants), 14 days of hourly points on two reported metrics for a tenth of the tenants, and
// open critical anomalies. Then:
// 1. recommendSuspensions(now) as the worker runs it, timed, its statements recorded at the driver,
//    this process's RSS sampled; against a baseline in the same run: one plain aggregate query
//    (GROUP BY per table, joined to the tenants) computing the same signals for every tenant.
//    The signals the recommender stored on its items are checked against the baseline's.
// 2. The recommender's signals statement for its first batch (2,000 tenants) under EXPLAIN ANALYZE,
//    and the baseline's plan.
// 3. decidePendingItems(now) with the rules engine on 2,000 pending items (the suspensions raised
//    plus payment issues of every type), timed; against the rules engine alone in memory on the
//    same items. Escalations raise their notification and automatic executions are queued in
//    BullMQ, as in production; no worker runs them.
// A report: exits 0 whatever the figures, 1 only if something throws.
// Needs ~2.5 GB in the temp dir (removed at the end); the setup takes about 4 minutes on 2 cores.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pick, seededRandom } from "@/lib/seed/random";
import {
  connectWriter,
  interceptStatements,
  printTable,
  runBench,
  startBenchServices,
  type Statement,
} from "./support";

const RUNNING = 50_000;
const NOT_RUNNING = 5_000;
const PENDING_ITEMS = 2_000;
const NOW = new Date("2026-11-18T12:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Rows per unnest insert: large enough to be quick, small enough to keep each statement's parameters modest. */
const CHUNK = 50_000;

/** Statements Prisma sends while `on`, recorded at the driver (its adapter runs every statement through pg's Client#query). */
const recorder = { on: false, statements: [] as Statement[] };
interceptStatements(
  () => recorder.on,
  (_client, statement) => recorder.statements.push(statement),
);

/** What a statement does, for the breakdown of where a phase spends its time. */
function statementKind(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const kinds: [RegExp, string][] = [
    [/LEFT JOIN LATERAL/i, "signals of a batch (correlated subqueries, laterals)"],
    [/engine_lease_until = /i, "lease a batch of pending items"],
    [/^UPDATE "public"\."review_items" SET "status"/i, "route an item (UPDATE … RETURNING)"],
    [/^UPDATE "public"\."review_items" SET "priority"/i, "raise an escalated item's priority"],
    [/^SELECT .*FROM "public"\."review_items"/i, "read review items"],
    [/^SELECT .*FROM "public"\."tenants"/i, "read tenants"],
    [/INSERT INTO "public"\."review_items"/i, "raise items"],
    [/INSERT INTO "public"\."review_decisions"/i, "record an automatic decision"],
    [/"public"\."notifications"/i, "escalation notification"],
    [/INSERT INTO (audit_logs|"public"\."audit_logs")/i, "audit entries"],
    [/^BEGIN/i, "BEGIN"],
    [/^(COMMIT|ROLLBACK)/i, "COMMIT"],
  ];
  return (
    kinds.find(([pattern]) => pattern.test(flat))?.[1] ?? (flat.length > 70 ? `${flat.slice(0, 67)}…` : flat)
  );
}

type Phase = { seconds: number; rssBeforeMb: number; peakRssMb: number; statements: Statement[] };

/** Runs `work` timed with its statements recorded and this process's resident memory sampled every 20 ms. */
async function phase<T>(work: () => Promise<T>): Promise<Phase & { result: T }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  recorder.statements = [];
  recorder.on = true;
  const start = performance.now();
  try {
    const result = await work();
    const mb = (bytes: number) => bytes / 2 ** 20;
    return {
      result,
      seconds: (performance.now() - start) / 1000,
      rssBeforeMb: mb(before),
      peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())),
      statements: recorder.statements,
    };
  } finally {
    recorder.on = false;
    clearInterval(sampler);
  }
}

/** Statement time by kind; with `concurrent` statements running at once, the shares add up to more than 100 %. */
function breakdown(label: string, p: Phase, concurrent = 1): void {
  const byKind = new Map<string, { calls: number; ms: number }>();
  for (const s of p.statements) {
    const kind = statementKind(s.text);
    const entry = byKind.get(kind) ?? { calls: 0, ms: 0 };
    byKind.set(kind, { calls: entry.calls + 1, ms: entry.ms + s.ms });
  }
  const top = [...byKind].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10);
  const share = concurrent > 1 ? `share (${concurrent} at once)` : "share";
  printTable(
    [`where ${label} spends its time (statements)`, "calls", "seconds", "ms each", share],
    top.map(([kind, { calls, ms }]) => [
      kind,
      int(calls),
      (ms / 1000).toFixed(2),
      (ms / calls).toFixed(1),
      `${((ms / 1000 / p.seconds) * 100).toFixed(0)}%`,
    ]),
  );
}

const int = (n: number) => Math.round(n).toLocaleString("en");
const iso = (at: Date | number) => new Date(at).toISOString();

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  // The rules engine, whatever the developer's environment says.
  process.env.REVIEW_ENGINE = "rules";
  delete process.env.ANTHROPIC_API_KEY;
  const { db } = await import("@/lib/db");
  const { closeQueues, getQueue } = await import("@/lib/jobs/queues");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  const { recommendSuspensions } = await import("@/lib/review/intake/recommend-suspensions");
  const { decidePendingItems } = await import("@/lib/review/decide/decide-items");
  const { raiseReviewItems } = await import("@/lib/review/intake/raise-items");
  const { DEFAULT_REVIEW_SETTINGS } = await import("@/lib/review/intake/settings");
  const { rulesRecommendation } = await import("@/lib/review/decide/rules-engine");
  const { decisionContext } = await import("@/lib/review/decide/decision-context");
  const { PAYMENT_ISSUE_KIND } = await import("@/lib/review/intake/payment-issue-schemas");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());
  const writer = await connectWriter(services.databaseUrl, cleanups);

  // ---- Setup, not measured ----
  const setupStart = performance.now();
  const random = seededRandom(50_001);
  const payers = await insertSignals();
  console.log("VACUUM ANALYZE…");
  await writer.query("VACUUM ANALYZE");
  const {
    rows: [sizes],
  } = await writer.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM rate_limit_hours)::text AS hours, pg_size_pretty(pg_database_size(current_database())) AS database`,
  );
  console.log(
    `Setup done in ${((performance.now() - setupStart) / 1000).toFixed(0)} s: ${int(Number(sizes.hours))} rate-limit hours, database ${sizes.database}.`,
  );

  /**
   * The tenants and their signals; returns the running tenants that pay (for the payment issues
   * later). In a function of its own so the rows built for the inserts can be collected before the
   * measured phases. Foreign keys are not checked while loading (session_replication_role): every
   * tenant id comes from the tenants inserted first.
   */
  async function insertSignals() {
    await writer.query("SET session_replication_role = replica");
    type Profile = {
      id: string;
      status: string;
      createdAt: number;
      annual: boolean;
      idle: boolean;
      troubled: boolean;
    };
    const tenants: Profile[] = Array.from({ length: RUNNING + NOT_RUNNING }, (_, i) => {
      const running = i < RUNNING;
      const roll = random();
      const status = !running
        ? roll < 0.6
          ? "suspended"
          : "cancelled"
        : roll < 0.12
          ? "trialing"
          : roll < 0.2
            ? "past_due"
            : "active";
      const ageDays = status === "trialing" ? 1 + random() * 12 : 30 + random() * 690;
      // A few percent are in trouble at once (unpaid and abusive), as the ones an owner would suspend.
      const troubled = status === "past_due" ? random() < 0.3 : status === "active" && random() < 0.01;
      return {
        id: `bench-t-${String(i).padStart(6, "0")}`,
        status,
        createdAt: NOW.getTime() - ageDays * DAY,
        annual: status === "active" && random() < 0.1,
        idle: status !== "trialing" && random() < 0.08,
        troubled,
      };
    });
    const running = tenants.slice(0, RUNNING);

    console.log(`Inserting ${int(tenants.length)} tenants (${int(RUNNING)} running) and their signals…`);
    const email = "billing@bench.example";
    await writer.query(
      `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, created_at, updated_at)
       SELECT id, 'Bench Tenant ' || id, id, (ARRAY['free', 'starter', 'pro', 'enterprise'])[1 + n % 4]::"Plan", status::"TenantStatus", $4, $5, created_at, created_at
       FROM unnest($1::text[], $2::text[], $3::timestamp[]) WITH ORDINALITY AS t(id, status, created_at, n)`,
      [
        tenants.map((t) => t.id),
        tenants.map((t) => t.status),
        tenants.map((t) => iso(t.createdAt)),
        encryptPii(email),
        emailDigest(email),
      ],
    );

    /** One unnest insert per chunk of rows: `rows` are transposed into one array parameter per column. */
    async function insertRows(sql: string, rows: unknown[][]): Promise<void> {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await writer.query(
          sql,
          chunk[0].map((_, column) => chunk.map((row) => row[column])),
        );
      }
    }

    // Payments: monthly (or yearly) since conversion, the last six kept; past-due tenants' latest is
    // being retried, some with an earlier one failed for good; a few old failures on active tenants.
    const payments: unknown[][] = [];
    let reference = 0;
    const pay = (t: Profile, at: number, status: string, settled: number | null) =>
      payments.push([
        `bench-p-${++reference}`,
        t.id,
        status,
        iso(at),
        settled === null ? null : iso(settled),
        `bench_ch_${reference}`,
      ]);
    for (const t of tenants.filter((t) => t.status !== "trialing")) {
      const period = t.annual ? 365 * DAY : 30 * DAY;
      const idleFor = t.idle ? (20 + random() * 100) * DAY : 0;
      const last = NOW.getTime() - idleFor - random() * period;
      for (let n = 0, at = last; n < 6 && at > t.createdAt + 14 * DAY; n++, at -= period)
        pay(t, at, "succeeded", at);
      if (t.status === "past_due") {
        pay(t, NOW.getTime() - random() * 3 * DAY, "retrying", null);
        if (t.troubled || random() < 0.25)
          pay(
            t,
            NOW.getTime() - (10 + random() * 60) * DAY,
            "failed",
            NOW.getTime() - (5 + random() * 40) * DAY,
          );
      } else if (random() < 0.015)
        pay(
          t,
          NOW.getTime() - (100 + random() * 200) * DAY,
          "failed",
          NOW.getTime() - (95 + random() * 100) * DAY,
        );
    }
    await insertRows(
      `INSERT INTO payments (id, tenant_id, amount_minor, currency, status, provider_reference, settled_at, created_at, updated_at)
       SELECT id, tenant_id, 4900, 'EUR', status::"PaymentStatus", reference, settled_at, created_at, created_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[], $5::timestamp[], $6::text[]) AS p(id, tenant_id, status, created_at, settled_at, reference)`,
      payments,
    );

    // IP bans: the troubled and a few others have active ones; others lifted or expired.
    const bans: unknown[][] = [];
    for (const t of tenants) {
      const active = t.troubled ? 1 + Math.floor(random() * 4) : random() < 0.02 ? 1 : 0;
      const past = random() < 0.04 ? 1 + Math.floor(random() * 3) : 0;
      for (let b = 0; b < active + past; b++) {
        const started = NOW.getTime() - random() * 20 * DAY;
        const isActive = b < active;
        const expires = isActive
          ? random() < 0.3
            ? null
            : NOW.getTime() + random() * 5 * DAY
          : started + DAY;
        bans.push([
          `bench-b-${bans.length}`,
          t.id,
          `198.51.${b}.${1 + Math.floor(random() * 250)}`,
          iso(started),
          expires === null ? null : iso(expires),
          !isActive && random() < 0.5 ? iso(started + HOUR) : null,
        ]);
      }
    }
    await insertRows(
      `INSERT INTO ip_bans (id, tenant_id, ip, source, reason, started_at, expires_at, lifted_at)
       SELECT id, tenant_id, ip, 'auto', 'too many requests', started_at, expires_at, lifted_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[], $5::timestamp[], $6::timestamp[]) AS b(id, tenant_id, ip, started_at, expires_at, lifted_at)
       ON CONFLICT DO NOTHING`,
      bans,
    );

    // Rate-limit violations over their 30-day retention (a few shadow-mode ones), one row per IP and minute.
    const violations: unknown[][] = [];
    for (const t of tenants) {
      const rows = t.troubled
        ? 10 + Math.floor(random() * 40)
        : random() < 0.12
          ? 1 + Math.floor(random() * 15)
          : 0;
      for (let v = 0; v < rows; v++) {
        const minute = Math.floor((NOW.getTime() - random() * 30 * DAY) / 60_000) * 60_000;
        violations.push([
          t.id,
          `203.0.113.${1 + Math.floor(random() * 250)}`,
          iso(minute),
          pick(random, ["limit", "limit", "banned", "denylist"]),
          random() < 0.05,
          1 + Math.floor(random() * 12),
        ]);
      }
    }
    await insertRows(
      `INSERT INTO rate_limit_violations (tenant_id, ip, minute, reason, shadow, count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::"DenialReason"[], $5::boolean[], $6::int[]) ON CONFLICT DO NOTHING`,
      violations,
    );

    // Hourly traffic: the last 14 days for most tenants; idle ones had a day of traffic weeks ago.
    const busy = tenants
      .filter((t) => !t.idle && t.status !== "cancelled" && random() < 0.9)
      .map((t) => t.id);
    const idleTraffic = tenants
      .filter((t) => t.idle)
      .map((t) => [t.id, iso(Math.floor((NOW.getTime() - (20 + random() * 100) * DAY) / HOUR) * HOUR)]);
    console.log(
      `  ${int(payments.length)} payments, ${int(bans.length)} bans, ${int(violations.length)} violations; ${int(busy.length * 14 * 24 + idleTraffic.length * 24)} hours of traffic…`,
    );
    for (let i = 0; i < busy.length; i += 5_000) {
      await writer.query(
        `INSERT INTO rate_limit_hours (tenant_id, hour, allowed, denied, shadow_denied)
         SELECT t, h, (50 + abs(hashtext(t)) % 900)::int, (abs(hashtext(t)) % 7)::int, 0
         FROM unnest($1::text[]) AS t CROSS JOIN generate_series($2::timestamp - interval '14 days', $2::timestamp - interval '1 hour', interval '1 hour') AS h`,
        [busy.slice(i, i + 5_000), iso(NOW)],
      );
    }
    await writer.query(
      `INSERT INTO rate_limit_hours (tenant_id, hour, allowed, denied, shadow_denied)
       SELECT t, h, 40, 0, 0 FROM unnest($1::text[], $2::timestamp[]) AS i(t, at) CROSS JOIN generate_series(at, at + interval '23 hours', interval '1 hour') AS h`,
      [idleTraffic.map((r) => r[0]), idleTraffic.map((r) => r[1])],
    );

    // Reported metrics: a tenth of the (non-idle) tenants report revenue and active users hourly;
    // about one in ten of those has open critical anomalies (the troubled ones more often).
    const reporting = tenants.filter(
      (t) => !t.idle && t.status !== "cancelled" && (random() < 0.1 || (t.troubled && random() < 0.5)),
    );
    await writer.query(
      `INSERT INTO metric_series (tenant_id, metric_id) SELECT t, m FROM unnest($1::text[]) AS t CROSS JOIN unnest(ARRAY['metric_revenue', 'metric_active_users']) AS m`,
      [reporting.map((t) => t.id)],
    );
    // Read back in a fixed order (RETURNING promises none), so the anomalies drawn below are the same every run.
    const { rows: series } = await writer.query<{ id: number; tenant_id: string; metric_id: string }>(
      "SELECT id, tenant_id, metric_id FROM metric_series ORDER BY tenant_id, metric_id",
    );
    await writer.query(
      `INSERT INTO metric_points (series_id, bucket, value)
       SELECT s, h, 100 + s % 50 FROM unnest($1::int[]) AS s CROSS JOIN generate_series($2::timestamp - interval '14 days', $2::timestamp - interval '1 hour', interval '1 hour') AS h`,
      [series.map((s) => s.id), iso(NOW)],
    );
    const troubledIds = new Set(tenants.filter((t) => t.troubled).map((t) => t.id));
    const anomalies = series
      .filter((s) => random() < (troubledIds.has(s.tenant_id) ? 0.6 : 0.06))
      .map((s, n) => {
        const roll = random();
        const [status, severity] =
          roll < 0.5
            ? ["active", "critical"]
            : roll < 0.7
              ? ["acknowledged", "critical"]
              : roll < 0.85
                ? ["resolved", "critical"]
                : ["active", "high"];
        return [
          `bench-a-${n}`,
          s.id,
          s.tenant_id,
          s.metric_id,
          status,
          severity,
          iso(Math.floor((NOW.getTime() - (1 + random() * 48) * HOUR) / HOUR) * HOUR),
        ];
      });
    await insertRows(
      `INSERT INTO anomalies (id, series_id, tenant_id, metric_id, status, severity, first_bucket, last_bucket, peak_bucket, value, z, center, spread,
                              baseline_points, threshold, baseline_days, seasonality, robust, created_at, updated_at)
       SELECT id, series_id, tenant_id, metric_id, status::"AnomalyStatus", severity::"AnomalySeverity", at, at, at, 9, 8, 1, 1, 28, 2, 28, 'none', false, at, at
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[]) AS a(id, series_id, tenant_id, metric_id, status, severity, at)`,
      anomalies,
    );
    console.log(
      `  ${int(series.length)} reported series with ${int(series.length * 14 * 24)} points, ${int(anomalies.length)} anomalies`,
    );
    await writer.query("RESET session_replication_role");
    return running.filter((t) => t.status !== "trialing");
  }

  // The baseline: the same signals for every running tenant, each table aggregated once (hash
  // aggregates over whole tables) and joined to the tenants: what one plain query over these tables costs.
  const settings = DEFAULT_REVIEW_SETTINGS;
  const baselineSql = `
    WITH pay AS (
      SELECT tenant_id, count(*) FILTER (WHERE status = 'retrying' OR (status = 'failed' AND settled_at > $1::timestamp - interval '90 days'))::int AS unpaid, max(created_at) AS last
      FROM payments GROUP BY tenant_id
    ), bans AS (
      SELECT tenant_id, count(*)::int AS n FROM ip_bans WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > $1::timestamp) GROUP BY tenant_id
    ), violations AS (
      SELECT tenant_id, sum(count)::int AS n FROM rate_limit_violations WHERE NOT shadow AND minute > $1::timestamp - interval '7 days' GROUP BY tenant_id
    ), critical AS (
      SELECT tenant_id, count(*)::int AS n FROM anomalies WHERE severity = 'critical' AND status IN ('active', 'acknowledged') GROUP BY tenant_id
    ), traffic AS (
      SELECT tenant_id, max(hour) AS last FROM rate_limit_hours WHERE allowed + denied > 0 GROUP BY tenant_id
    ), reported AS (
      SELECT s.tenant_id, max(p.bucket) AS last FROM metric_series s JOIN metric_definitions d ON d.id = s.metric_id AND d.source = 'api'
      JOIN metric_points p ON p.series_id = s.id GROUP BY s.tenant_id
    )
    SELECT t.id, t.status::text AS status,
           to_char(GREATEST(t.created_at, traffic.last, reported.last, pay.last), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastActivityAt",
           coalesce(pay.unpaid, 0) AS unpaid, coalesce(bans.n, 0) AS bans, coalesce(violations.n, 0) AS violations, coalesce(critical.n, 0) AS critical
    FROM tenants t
    LEFT JOIN pay ON pay.tenant_id = t.id LEFT JOIN bans ON bans.tenant_id = t.id LEFT JOIN violations ON violations.tenant_id = t.id
    LEFT JOIN critical ON critical.tenant_id = t.id LEFT JOIN traffic ON traffic.tenant_id = t.id LEFT JOIN reported ON reported.tenant_id = t.id
    WHERE t.status IN ('trialing', 'active', 'past_due')`;
  type Signals = {
    id: string;
    status: string;
    lastActivityAt: string;
    unpaid: number;
    bans: number;
    violations: number;
    critical: number;
  };
  const runBaseline = async () => (await writer.query<Signals>(baselineSql, [iso(NOW)])).rows;
  // Warms the buffer cache with every table, so neither measurement pays for reading from disk first.
  await runBaseline();
  await db.tenant.count();
  await getQueue("reviews").waitUntilReady();

  // ---- 1. The recommender against the baseline ----
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(", ");
  console.log(
    `\nTiming recommendSuspensions over ${int(RUNNING)} running tenants (${cpus().length} CPUs, load average ${load()})…`,
  );
  const recommender = await phase(() => recommendSuspensions(NOW));
  console.log(`  ${JSON.stringify(recommender.result)} in ${recommender.seconds.toFixed(2)} s`);
  const baselineStart = performance.now();
  const signals = await runBaseline();
  const baselineSeconds = (performance.now() - baselineStart) / 1000;

  // What the recommender did, checked against the baseline: a figure for work not done would mislead.
  const items = await db.reviewItem.findMany({
    where: { kind: "suspension" },
    select: { tenantId: true, score: true, evidence: true },
  });
  const byTenant = new Map(signals.map((s) => [s.id, s]));
  const mismatched = items.filter((item) => {
    const e = item.evidence as {
      unpaidPayments: number;
      activeBans: number;
      violations7d: number;
      criticalAnomalies: number;
      lastActivityAt: string;
    };
    const s = byTenant.get(item.tenantId);
    return (
      !s ||
      s.unpaid !== e.unpaidPayments ||
      s.bans !== e.activeBans ||
      s.violations !== e.violations7d ||
      s.critical !== e.criticalAnomalies ||
      s.lastActivityAt !== e.lastActivityAt
    );
  });
  const checks = [
    [
      recommender.result.scored === RUNNING && signals.length === RUNNING,
      `${int(recommender.result.scored)} tenants scored, ${int(signals.length)} in the baseline`,
    ],
    [
      items.length === recommender.result.recommended && items.length > 0,
      `${int(items.length)} suspension items raised`,
    ],
    [
      mismatched.length === 0,
      `signals stored on every item equal the baseline's (${mismatched.length} differ)`,
    ],
  ] as const;
  for (const [ok, what] of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (checks.some(([ok]) => !ok))
    throw new Error("The recommender did not do what the figures claim (see FAIL above).");

  // ---- 2. Plans ----
  const signalsStatements = recommender.statements.filter((s) => statementKind(s.text).startsWith("signals"));
  const first = signalsStatements[0];
  const explain = async (text: string, values: unknown[]) =>
    (await writer.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)).rows.map(
      (r) => r["QUERY PLAN"],
    );
  const firstPlan = await explain(first.text, first.values).catch((error: unknown) => [
    `EXPLAIN failed: ${(error as Error).message}`,
  ]);
  const baselinePlan = await explain(baselineSql, [iso(NOW)]).catch((error: unknown) => [
    `EXPLAIN failed: ${(error as Error).message}`,
  ]);

  // ---- 3. The decision engine on 2,000 pending items ----
  const raised = items.length;
  const issueTypes = Object.keys(PAYMENT_ISSUE_KIND) as (keyof typeof PAYMENT_ISSUE_KIND)[];
  const issues = Array.from({ length: Math.max(0, PENDING_ITEMS - raised) }, (_, n) => {
    const type = issueTypes[n % issueTypes.length];
    const tenant = pick(random, payers);
    const ago = (days: number) => iso(NOW.getTime() - days * DAY).slice(0, 10);
    const money = { amount: pick(random, [900, 4900, 19900]), currency: "EUR" };
    const details =
      type === "decline"
        ? {
            payment_reference: `bench_issue_${n}`,
            ...money,
            decline_code: pick(random, ["insufficient_funds", "card_declined", "stolen_card", "fraudulent"]),
            attempt: 1 + (n % 4),
          }
        : type === "missed_installment"
          ? {
              plan_reference: `bench_plan_${n}`,
              installment: 1 + (n % 6),
              ...money,
              due_date: ago(pick(random, [3, 12, 40])),
            }
          : type === "dispute"
            ? {
                payment_reference: `bench_issue_${n}`,
                ...money,
                reason: pick(random, ["fraudulent", "duplicate", "other"]),
              }
            : {
                payment_reference: `bench_issue_${n}`,
                ...money,
                paid_on: ago(pick(random, [5, 20, 45])),
                reason: "Bought the wrong plan",
              };
    return {
      kind: PAYMENT_ISSUE_KIND[type],
      tenantId: tenant.id,
      source: "api.payment-issues",
      summary: `${tenant.id}: ${type}`,
      evidence: { type, details, occurredAt: iso(NOW.getTime() - HOUR) },
      dedupeKey: `payment-issue:bench-${n}`,
    };
  });
  await db.$transaction((tx) => raiseReviewItems(tx, issues, settings, new Date(NOW.getTime() - HOUR)));
  const pendingItems = await db.reviewItem.findMany({
    where: { status: "pending" },
    include: { tenant: true },
  });
  await writer.query("ANALYZE review_items");

  // Baseline: the rules engine alone, in memory, on the same items.
  const rulesStart = performance.now();
  for (const item of pendingItems) rulesRecommendation(item.kind, decisionContext(item, NOW), NOW);
  const rulesSeconds = (performance.now() - rulesStart) / 1000;

  console.log(
    `\nTiming decidePendingItems on ${int(pendingItems.length)} pending items (${int(raised)} suspensions, ${int(issues.length)} payment issues; load average ${load()})…`,
  );
  const decide = await phase(() => decidePendingItems(NOW));
  console.log(`  ${JSON.stringify(decide.result)} in ${decide.seconds.toFixed(2)} s`);
  const {
    rows: [after],
  } = await writer.query<{ pending: number; decisions: number; notifications: number }>(
    `SELECT (SELECT count(*) FROM review_items WHERE status = 'pending')::int AS pending, (SELECT count(*) FROM review_decisions)::int AS decisions,
            (SELECT count(*) FROM notifications)::int AS notifications`,
  );
  const queued = await getQueue("reviews").getJobCounts();
  const decideChecks = [
    [
      decide.result.decided === pendingItems.length && after.pending === 0 && decide.result.failed === 0,
      `${int(decide.result.decided)} items decided, ${int(after.pending)} still pending`,
    ],
    [
      after.decisions === decide.result.autoExecuted &&
        (queued.waiting ?? 0) + (queued.delayed ?? 0) >= decide.result.autoExecuted,
      `${int(after.decisions)} automatic decisions recorded, ${int((queued.waiting ?? 0) + (queued.delayed ?? 0))} jobs waiting in the reviews queue`,
    ],
    [after.notifications === decide.result.escalated, `${int(after.notifications)} escalation notifications`],
  ] as const;
  for (const [ok, what] of decideChecks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (decideChecks.some(([ok]) => !ok))
    throw new Error("decidePendingItems did not do what the figures claim (see FAIL above).");

  // ---- Figures ----
  printTable(
    ["", "seconds", "tenants/s", "× baseline", "SQL statements", "peak RSS MB", "over pre-phase"],
    [
      [
        "recommendSuspensions",
        recommender.seconds.toFixed(2),
        int(RUNNING / recommender.seconds),
        (recommender.seconds / baselineSeconds).toFixed(2),
        int(recommender.statements.length),
        recommender.peakRssMb.toFixed(0),
        `+${(recommender.peakRssMb - recommender.rssBeforeMb).toFixed(0)}`,
      ],
      [
        "  of which the signals statements",
        (signalsStatements.reduce((sum, s) => sum + s.ms, 0) / 1000).toFixed(2),
        "",
        "",
        int(signalsStatements.length),
        "",
        "",
      ],
      [
        "baseline: one aggregate query",
        baselineSeconds.toFixed(2),
        int(RUNNING / baselineSeconds),
        "1.00",
        "1",
        "",
        "",
      ],
    ],
  );
  breakdown("recommendSuspensions", recommender);
  printTable(
    ["", "seconds", "items/s", "× baseline", "SQL statements", "per item", "peak RSS MB", "over pre-phase"],
    [
      [
        "decidePendingItems (rules)",
        decide.seconds.toFixed(2),
        int(pendingItems.length / decide.seconds),
        (decide.seconds / rulesSeconds).toFixed(0),
        int(decide.statements.length),
        (decide.statements.length / pendingItems.length).toFixed(1),
        decide.peakRssMb.toFixed(0),
        `+${(decide.peakRssMb - decide.rssBeforeMb).toFixed(0)}`,
      ],
      [
        "baseline: rules engine in memory",
        rulesSeconds.toFixed(3),
        int(pendingItems.length / rulesSeconds),
        "1",
        "0",
        "0",
        "",
        "",
      ],
    ],
  );
  // decide-items.ts decides CONCURRENT_DECISIONS (4) items at once.
  breakdown("decidePendingItems", decide, 4);
  console.log(
    `\nPeak RSS of this process over the whole run (setup included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; PostgreSQL and Redis run in processes of their own.`,
  );
  console.log(
    `\nEXPLAIN ANALYZE, the recommender's signals statement for its first batch (${first.ms.toFixed(0)} ms in the run):\n${firstPlan.join("\n")}`,
  );
  console.log(`\nEXPLAIN ANALYZE, the baseline (all ${int(RUNNING)} tenants):\n${baselinePlan.join("\n")}`);
});
