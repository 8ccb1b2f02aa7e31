// npx tsx bench/document-expiry.ts: how long does the daily document expiry check take on a large
// platform? Starts a throwaway PostgreSQL and Redis and bulk-inserts (from a fixed seed) 50,000
// tenants with three documents each (150,000: expiry dates spread over the next two years, 1 % past
// their date and not yet marked expired, two thirds required) and two owners. Then, timed, with this
// process's RSS sampled:
// 1. checkDocumentExpiry on the first day: the warnings every document in the 30-day window is due
//    (recorded, with their emails queued in BullMQ) and the backlog of expired ones (marked, owners
//    emailed and notified, review items raised for the required ones);
// 2. the next day, the steady state: the documents that reached an offset overnight, and the day's
//    expiries;
// 3. the same day again: nothing left to send.
// Against a baseline in the same run: one plain query computing every warning due on the first day
// over the same rows (what the check cannot do faster than). A report: exits 0 whatever the figures.
import { performance } from "node:perf_hooks";
import { seededRandom } from "@/lib/seed/random";
import { connectWriter, printTable, runBench, startBenchServices, timedWithPeakRss } from "./support";

const TENANTS = 50_000;
const PER_TENANT = 3;
const NOW = new Date("2026-11-18T06:00:00.000Z");
const DAY = 86_400_000;
const CHUNK = 50_000;

const int = (n: number) => Math.round(n).toLocaleString("en");

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  process.env.REVIEW_ENGINE = "rules";
  const { db } = await import("@/lib/db");
  const { closeQueues } = await import("@/lib/jobs/queues");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  const { ensureDefaultTemplates } = await import("@/lib/email/default-templates");
  const { checkDocumentExpiry } = await import("@/lib/documents/check-document-expiry");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());
  const writer = await connectWriter(services.databaseUrl, cleanups);

  // ---- Setup, not measured ----
  const setupStart = performance.now();
  await ensureDefaultTemplates();
  await writer.query(`INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES
    ('bench-owner-1', 'owner1@bench.example', 'Owner One', 'x', 'OWNER', now()), ('bench-owner-2', 'owner2@bench.example', 'Owner Two', 'x', 'OWNER', now())`);
  // One encrypted contact shared by all tenants: encrypting 50,000 addresses would only slow the setup.
  const contact = encryptPii("ops@tenant.example");
  await writer.query(
    `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, created_at, updated_at)
     SELECT 'bench-tenant-' || i, 'Tenant ' || i, 'tenant-' || i, 'pro', 'active', $1, $2, now() - interval '400 days', now()
     FROM generate_series(1, ${TENANTS}) AS i`,
    [contact, emailDigest("ops@tenant.example")],
  );
  const random = seededRandom(80_008);
  const types = ["contract", "dpa", "certificate"];
  const rows = Array.from({ length: TENANTS * PER_TENANT }, (_, n) => {
    const daysLeft = random() < 0.01 ? -1 - Math.floor(random() * 20) : Math.floor(random() * 730);
    return {
      id: `bench-doc-${n}`,
      tenant: `bench-tenant-${1 + Math.floor(n / PER_TENANT)}`,
      type: types[n % PER_TENANT],
      required: n % PER_TENANT !== 2,
      expiresOn: new Date(NOW.getTime() + daysLeft * DAY).toISOString().slice(0, 10),
    };
  });
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await writer.query(
      `INSERT INTO tenant_documents (id, tenant_id, type, title, required, expires_on, updated_at)
       SELECT id, tenant_id, type::"DocumentType", 'Document ' || id, required, expires_on, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::date[]) AS t(id, tenant_id, type, required, expires_on)`,
      [
        chunk.map((r) => r.id),
        chunk.map((r) => r.tenant),
        chunk.map((r) => r.type),
        chunk.map((r) => r.required),
        chunk.map((r) => r.expiresOn),
      ],
    );
  }
  await writer.query("VACUUM ANALYZE");
  console.log(
    `Setup done in ${((performance.now() - setupStart) / 1000).toFixed(0)} s: ${int(TENANTS)} tenants, ${int(rows.length)} documents.`,
  );

  // ---- Baseline: every warning due on the first day, in one statement ----
  const baseline = await timedWithPeakRss(() =>
    writer.query(
      `SELECT d.id, min(o) AS offset_days FROM tenant_documents d JOIN tenants t ON t.id = d.tenant_id, unnest(ARRAY[30, 14, 7]) AS o
                  WHERE d.status = 'active' AND t.status <> 'cancelled' AND d.expires_on BETWEEN $1::date AND $1::date + 30 AND d.expires_on - $1::date <= o
                  GROUP BY d.id`,
      [NOW.toISOString().slice(0, 10)],
    ),
  );

  const first = await timedWithPeakRss(() => checkDocumentExpiry(NOW));
  const next = await timedWithPeakRss(() => checkDocumentExpiry(new Date(NOW.getTime() + DAY)));
  const again = await timedWithPeakRss(() => checkDocumentExpiry(new Date(NOW.getTime() + DAY + 3_600_000)));
  const emails = await db.emailLog.count();
  const items = await db.reviewItem.count();

  printTable(
    ["run", "seconds", "warned", "expired", "review items", "peak RSS MB", "× baseline"],
    [
      [
        "baseline: warnings due, one plain query",
        baseline.seconds.toFixed(2),
        int(baseline.result.rowCount ?? 0),
        "",
        "",
        "",
        "1.00",
      ],
      ...(
        [
          ["first day (window + backlog)", first],
          ["next day (steady)", next],
          ["same day again", again],
        ] as const
      ).map(([label, run]) => [
        label,
        run.seconds.toFixed(2),
        int(run.result.warned),
        int(run.result.expired),
        int(run.result.raised),
        run.peakRssMb.toFixed(0),
        (run.seconds / baseline.seconds).toFixed(1),
      ]),
    ],
  );
  console.log(
    `\n${int(emails)} emails recorded and queued, ${int(items)} review items raised in all; the first day's warnings match the baseline: ${first.result.warned === baseline.result.rowCount}.`,
  );
});
