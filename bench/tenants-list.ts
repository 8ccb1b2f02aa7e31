// npx tsx bench/tenants-list.ts: does the owner's tenants table stay fast with 50,000 tenants?
// Starts a throwaway PostgreSQL, fills it with 50,000 realistic tenants, times `listTenants` for
// the queries the table issues and compares each with the cheapest possible page. A report:
// exits 0 whether or not the target is met, 1 only if something throws.
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pick, pickWeighted, seededRandom } from "@/lib/seed/random";
import type { TenantStatus } from "@/lib/generated/prisma/enums";
import { FIRST, PLAN_WEIGHTS, SECOND, STATUS_WEIGHTS, TIMEZONES } from "@/lib/seed/seed-demo";
import { connectWriter, measure, printTable, runBench, startBenchServices, type Stats } from "./support";

const TENANTS = 50_000;
const BATCH = 5_000;
const RUNS = { warmup: 5, timed: 30 };
const TARGET_P95_MS = 100;

const DAY = 86_400_000;

/** Column and PostgreSQL array type, in the order each generated row lists its values. */
const TENANT_COLUMNS = [
  ["id", "text"],
  ["name", "text"],
  ["slug", "text"],
  ["plan", '"Plan"'],
  ["status", '"TenantStatus"'],
  ["contact_email_encrypted", "text"],
  ["contact_email_digest", "text"],
  ["timezone", "text"],
  ["status_reason", "text"],
  ["status_changed_at", "timestamp(3)"],
  ["created_at", "timestamp(3)"],
  ["updated_at", "timestamp(3)"],
] as const;

/** One tenant's values in TENANT_COLUMNS order. */
type TenantRow = (string | null)[];

/** 25 characters starting with "c", time first, like the cuids Prisma generates for `@default(cuid())`. */
function cuidLike(createdAt: Date, n: number): string {
  return `c${createdAt.getTime().toString(36)}${n.toString(36).padStart(4, "0")}${randomBytes(8).toString("hex")}`.slice(
    0,
    25,
  );
}

/** The email of this tenant; the "exact email" case searches for one of them. */
function contactEmail(slug: string): string {
  return `billing@${slug}.example`;
}

await runBench(async (cleanups) => {
  // A Redis URL is given so that only PostgreSQL is started; listing tenants never touches Redis.
  const services = await startBenchServices(cleanups, { redisUrl: "redis://unused" });
  const { db } = await import("@/lib/db");
  const { listTenants } = await import("@/lib/tenants/queries");
  const { listTenantsSchema } = await import("@/lib/tenants/schemas");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  cleanups.push(() => db.$disconnect());

  console.log(
    `Inserting ${TENANTS.toLocaleString("en")} tenants in batches of ${BATCH.toLocaleString("en")}…`,
  );
  const random = seededRandom(50_000);
  const now = Date.now();
  const insertStart = performance.now();
  let searchedEmail = "";
  // Prisma's createMany needs about a minute for 50,000 rows here; one INSERT … unnest per batch
  // through pg needs a few seconds. The rows are the same as the app writes (ids shaped like cuids).
  const writer = await connectWriter(services.databaseUrl, cleanups);
  for (let offset = 0; offset < TENANTS; offset += BATCH) {
    const rows: TenantRow[] = [];
    for (let n = offset + 1; n <= Math.min(offset + BATCH, TENANTS); n++) {
      // Encrypting is CPU-bound: yield now and then so Ctrl-C is handled at once (tsx kills a
      // script that does not acknowledge a signal within 30 ms, which would skip the clean-up).
      if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      const name = `${pick(random, FIRST)} ${pick(random, SECOND)} ${n}`;
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      // Three years of growth: the square root skews sign-up dates toward today.
      const daysAgo = 1095 - Math.floor(Math.sqrt(random()) * 1096);
      const createdAt = new Date(now - daysAgo * DAY - Math.floor(random() * DAY));
      const status: TenantStatus = daysAgo < 14 ? "trialing" : pickWeighted(random, STATUS_WEIGHTS);
      const email = contactEmail(slug);
      if (n === Math.floor(TENANTS / 2)) searchedEmail = email;
      rows.push([
        cuidLike(createdAt, n),
        name,
        slug,
        pickWeighted(random, PLAN_WEIGHTS),
        status,
        encryptPii(email),
        emailDigest(email),
        pick(random, TIMEZONES),
        status === "suspended" ? "Payment failed three times" : null,
        status === "trialing" ? null : new Date(createdAt.getTime() + 14 * DAY).toISOString(),
        // ISO strings (UTC) because Prisma stores DateTime as UTC in `timestamp` columns; pg would
        // send a Date in the machine's local time, which the column would keep without its offset.
        createdAt.toISOString(),
        createdAt.toISOString(),
      ]);
    }
    const columns = TENANT_COLUMNS.map((_, i) => rows.map((row) => row[i]));
    await writer.query(
      `INSERT INTO tenants (${TENANT_COLUMNS.map(([column]) => column).join(", ")})
       SELECT * FROM unnest(${TENANT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})`,
      columns,
    );
    const inserted = offset + rows.length;
    if (inserted % 10_000 === 0 || inserted === TENANTS) {
      console.log(
        `  ${inserted.toLocaleString("en").padStart(6)} inserted (${((performance.now() - insertStart) / 1000).toFixed(1)} s)`,
      );
    }
  }
  await writer.query("ANALYZE tenants");

  // Inputs go through the same schema as the page and the API, as strings like a query string.
  const cases: { label: string; input: Record<string, string> }[] = [
    { label: "first page, newest first (default)", input: {} },
    { label: "page 1000 (deep offset)", input: { page: "1000" } },
    { label: "sort by name asc", input: { sort: "name", dir: "asc" } },
    { label: "status=suspended", input: { status: "suspended" } },
    { label: "plan=enterprise + status=active", input: { plan: "enterprise", status: "active" } },
    { label: 'search q="harbor"', input: { q: "harbor" } },
    { label: 'search exact email (q has "@")', input: { q: searchedEmail.toUpperCase() } },
  ];

  // Other work on the machine moves the numbers; the load average says how much to trust them.
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  console.log(
    `\nTiming: ${RUNS.warmup} warm-up runs, then ${RUNS.timed} timed runs per case (${cpus().length} CPUs, load average ${load}).`,
  );
  const baseline = await measure(() => db.$queryRaw`SELECT id FROM tenants ORDER BY id LIMIT 25`, RUNS);
  const results: { label: string; rows: number; total: number; stats: Stats }[] = [];
  for (const { label, input } of cases) {
    const query = listTenantsSchema.parse(input);
    const page = await listTenants(query);
    // A case that matches nothing would time an empty page and prove nothing.
    if (page.rows.length === 0)
      throw new Error(`Case "${label}" returned no rows; the data set does not exercise it.`);
    results.push({
      label,
      rows: page.rows.length,
      total: page.total,
      stats: await measure(() => listTenants(query), RUNS),
    });
  }

  const header = ["case", "rows", "matched", "median ms", "p95 ms", "× baseline", `p95 < ${TARGET_P95_MS}`];
  const table = [
    [
      "baseline: SELECT id … ORDER BY id LIMIT 25",
      "25",
      "",
      baseline.median.toFixed(2),
      baseline.p95.toFixed(2),
      "1.0",
      "",
    ],
    ...results.map((r) => [
      r.label,
      String(r.rows),
      r.total.toLocaleString("en"),
      r.stats.median.toFixed(2),
      r.stats.p95.toFixed(2),
      (r.stats.median / baseline.median).toFixed(1),
      r.stats.p95 < TARGET_P95_MS ? "yes" : "NO",
    ]),
  ];
  printTable(header, table);

  const slow = results.filter((r) => r.stats.p95 >= TARGET_P95_MS).map((r) => r.label);
  const target = `Target: every case's p95 under ${TARGET_P95_MS} ms with ${TENANTS.toLocaleString("en")} tenants`;
  console.log(`\n${target}: ${slow.length === 0 ? "MET" : `NOT MET (slow: ${slow.join("; ")})`}`);
});
