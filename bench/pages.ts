// npm run bench:pages: how long does each dashboard page take to render on the server, with the
// demo data plus 50,000 tenants? Starts a throwaway PostgreSQL and Redis, seeds the demo, bulk-inserts
// 50,000 more tenants with their trials, payments, documents, review items, bans and audit entries
// in the demo's proportions, serves the production build (`next build` first) with `next start`,
// signs in as the owner and requests every page N times. Prints p50/p95 per page against the goal
// (p95 < 300 ms) beside /api/health measured in the same run. A report: exits 0 whether or not the
// goal is met, 1 only if something throws.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { stopChild } from "@/lib/devservices/child-process";
import { findFreePort } from "@/lib/devservices/free-port";
import { connectWriter, printTable, runBench, startBenchServices, type Cleanups } from "./support";

const TENANTS = 50_000;
const RUNS = { warmup: 3, timed: Number(process.env.BENCH_PAGE_RUNS ?? 20) };
const GOAL_P95_MS = 300;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The bulk tenants in the demo's proportions (statuses 20/55/8/10/7 %, plans 15/40/35/10 %), each
 * with one trial, paying tenants with three monthly payments (past-due ones one more in dunning),
 * two documents, suspended ones a review item, one in a hundred an IP ban, and a creation audit entry.
 */
const BULK_SQL = (cipher: string) => `
INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, timezone, created_at, updated_at)
SELECT 'bench' || i, 'Bench Tenant ' || i, 'bench-tenant-' || i,
  (CASE WHEN i % 20 < 3 THEN 'free' WHEN i % 20 < 11 THEN 'starter' WHEN i % 20 < 18 THEN 'pro' ELSE 'enterprise' END)::"Plan",
  (CASE WHEN i % 100 < 20 THEN 'trialing' WHEN i % 100 < 75 THEN 'active' WHEN i % 100 < 83 THEN 'past_due'
        WHEN i % 100 < 93 THEN 'suspended' ELSE 'cancelled' END)::"TenantStatus",
  '${cipher}', md5('bench' || i), 'UTC', now() - (i % 180) * interval '1 day' - (i % 1440) * interval '1 minute', now()
FROM generate_series(1, ${TENANTS}) i;

INSERT INTO trials (id, tenant_id, plan, status, started_at, ends_at, original_ends_at, converted_at, ended_at, created_at)
SELECT 'bt' || t.id, t.id, t.plan, s.status, t.created_at, t.created_at + interval '14 days', t.created_at + interval '14 days',
  CASE WHEN s.status = 'converted' THEN t.created_at + interval '10 days' END,
  CASE WHEN s.status IN ('expired', 'cancelled') THEN t.created_at + interval '14 days' END, t.created_at
FROM tenants t CROSS JOIN LATERAL (SELECT (CASE t.status WHEN 'trialing' THEN 'active' WHEN 'suspended' THEN 'expired'
  WHEN 'cancelled' THEN 'cancelled' ELSE 'converted' END)::"TrialStatus" AS status) s
WHERE t.id LIKE 'bench%';

INSERT INTO payments (id, tenant_id, amount_minor, currency, status, attempt_count, provider_reference, settled_at, created_at, updated_at)
SELECT 'bp' || t.id || '-' || m, t.id, 4900, 'EUR', 'succeeded', 1, 'bench-' || t.id || '-' || m,
  now() - m * interval '30 days', now() - m * interval '30 days', now()
FROM tenants t CROSS JOIN generate_series(1, 3) m WHERE t.id LIKE 'bench%' AND t.status IN ('active', 'past_due');

INSERT INTO payments (id, tenant_id, amount_minor, currency, status, attempt_count, first_failed_at, next_retry_at, provider_reference, failure_code, created_at, updated_at)
SELECT 'bpr' || t.id, t.id, 4900, 'EUR', 'retrying', 2, now() - interval '2 days', now() + interval '1 day',
  'bench-retry-' || t.id, 'insufficient_funds', now() - interval '2 days', now()
FROM tenants t WHERE t.id LIKE 'bench%' AND t.status = 'past_due';

INSERT INTO tenant_documents (id, tenant_id, type, title, required, expires_on, status, created_at, updated_at)
SELECT 'bd' || t.id || '-' || d, t.id, (CASE d WHEN 1 THEN 'contract' ELSE 'certificate' END)::"DocumentType",
  'Bench document ' || d, d = 1, (now() + ((hashtext(t.id || d) % 400) - 30) * interval '1 day')::date, 'active', t.created_at, now()
FROM tenants t CROSS JOIN generate_series(1, 2) d WHERE t.id LIKE 'bench%';

INSERT INTO review_items (id, kind, status, tenant_id, source, summary, evidence, dedupe_key, due_at, created_at, updated_at)
SELECT 'br' || t.id, 'payment_recovery_failed', (CASE WHEN hashtext(t.id) % 3 = 0 THEN 'in_review' ELSE 'approved' END)::"ReviewItemStatus",
  t.id, 'billing.dunning', 'Dunning gave up on a payment', '{}', 'bench-' || t.id, now() + interval '1 day', now() - interval '3 days', now()
FROM tenants t WHERE t.id LIKE 'bench%' AND t.status = 'suspended';

INSERT INTO ip_bans (id, tenant_id, ip, source, reason, started_at, expires_at)
SELECT 'bb' || t.id, t.id, '198.51.100.' || (hashtext(t.id) & 255), 'auto', 'Too many requests', now() - interval '2 hours', now() + interval '1 day'
FROM tenants t WHERE t.id LIKE 'bench%' AND hashtext(t.id) % 100 = 0;

INSERT INTO audit_logs (id, actor_label, action, entity_type, entity_id, after, created_at)
SELECT 'ba' || t.id, 'system:bench', 'tenant.created', 'tenant', t.id, '{}', t.created_at
FROM tenants t WHERE t.id LIKE 'bench%';

ANALYZE;
`;

/** Cookies as a browser would keep them: the latest value of each name. */
class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

async function signIn(base: string, email: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  jar.take(response);
  if (!jar.header().includes("session-token")) throw new Error(`Sign-in failed (${response.status})`);
  return jar;
}

/** Milliseconds of each timed request (after the warm-up ones); a page that does not answer 200 throws. */
async function timePage(url: string, cookie: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS.warmup + RUNS.timed; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (i >= RUNS.warmup) samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

const rank = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

function startNext(cleanups: Cleanups, port: number) {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    join(ROOT, "node_modules/.bin/next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        NEXTAUTH_URL: base,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      },
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  cleanups.push(() => stopChild(child, "SIGTERM", 5_000, true));
  return { base, child, output: () => output };
}

await runBench(async (cleanups) => {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) throw new Error("Run `npx next build` first.");
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { seedDemo, DEMO_USERS, demoPassword } = await import("@/lib/seed/seed-demo");
  const { encryptPii } = await import("@/lib/crypto/pii");
  cleanups.push(() => db.$disconnect());

  console.log("Seeding the demo data …");
  await seedDemo();
  console.log(`Inserting ${TENANTS.toLocaleString("en")} more tenants with their rows …`);
  const writer = await connectWriter(services.databaseUrl, cleanups);
  await writer.query(BULK_SQL(encryptPii("billing@bench.example")));
  const tenantCount = await db.tenant.count();

  // Pages with an id: a demo tenant (it has history), its trial, an anomaly, a webhook-less settings set.
  const tenant = await db.tenant.findFirstOrThrow({
    where: { slug: { not: { startsWith: "bench-" } } },
    orderBy: { createdAt: "asc" },
  });
  const trial = await db.trial.findFirstOrThrow({ where: { tenantId: tenant.id } });
  const anomaly = await db.anomaly.findFirst({ select: { id: true } });
  const pages = [
    "/",
    "/tenants",
    "/tenants?page=1000",
    `/tenants/${tenant.id}`,
    `/tenants/${tenant.id}/health`,
    `/tenants/${tenant.id}/edit`,
    "/tenants/new",
    "/tenants/import",
    "/documents",
    "/documents?view=expired",
    "/documents?view=missing",
    "/billing",
    "/billing/payments",
    `/billing/trials/${trial.id}`,
    "/rate-limits",
    `/rate-limits/${tenant.id}`,
    "/anomalies",
    ...(anomaly ? [`/anomalies/${anomaly.id}`] : []),
    "/anomalies/rules",
    `/anomalies/baselines?tenant=${tenant.slug}`,
    "/review",
    "/review/analytics",
    "/review/settings",
    "/jobs",
    "/jobs/list",
    "/audit",
    "/notifications",
    "/settings",
    "/settings/users",
    "/settings/api-keys",
    "/settings/webhooks",
    "/settings/email-templates",
    "/settings/email-log",
    "/settings/outbox",
    "/api-reference",
    "/profile",
  ];

  const next = startNext(cleanups, await findFreePort());
  const deadline = Date.now() + 60_000;
  while (
    (await fetch(`${next.base}/api/health`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (next.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`next start did not come up:\n${next.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const owner = DEMO_USERS.find((user) => user.role === "OWNER")!;
  const cookie = (await signIn(next.base, owner.email, demoPassword(owner))).header();

  const baseline = await timePage(`${next.base}/api/health`, cookie);
  const baseP50 = rank(baseline, 0.5);
  const rows: string[][] = [];
  let missed = 0;
  for (const path of pages) {
    const sorted = await timePage(`${next.base}${path}`, cookie);
    const [p50, p95] = [rank(sorted, 0.5), rank(sorted, 0.95)];
    if (p95 >= GOAL_P95_MS) missed++;
    rows.push([
      path.replace(/[a-z0-9]{20,}/g, ":id"),
      p50.toFixed(1),
      p95.toFixed(1),
      `${(p50 / baseP50).toFixed(1)}×`,
      p95 < GOAL_P95_MS ? "ok" : "MISSED",
    ]);
  }
  console.log(
    `\n${tenantCount.toLocaleString("en")} tenants; ${RUNS.timed} timed requests per page after ${RUNS.warmup} warm-up ones, one at a time; ` +
      `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
  );
  printTable(
    ["page", "p50 ms", "p95 ms", "p50 / baseline", `p95 < ${GOAL_P95_MS} ms`],
    [["/api/health (baseline)", baseP50.toFixed(1), rank(baseline, 0.95).toFixed(1), "1.0×", ""], ...rows],
  );
  console.log(`\n${pages.length - missed} of ${pages.length} pages meet the goal.`);
});
