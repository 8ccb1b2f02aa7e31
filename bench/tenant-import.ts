// npx tsx bench/tenant-import.ts: how fast can a platform bring 50,000 existing tenants into Steward,
// and how much memory does the server need for it? Starts a throwaway PostgreSQL and, in a process of
// its own, the real route handler of POST /api/v1/tenants/import behind node:http (this file again,
// with STEWARD_BENCH_IMPORT_SERVER set). Sends 50,000 tenants to it over HTTP as NDJSON: 5 requests of
// 10,000 lines (the most one takes), each body generated as it is sent, timed, with the server's
// RSS sampled every 20 ms. Then the same 50,000 again (every line unchanged: what a nightly full sync
// costs), and once more from empty into a server whose V8 heap is capped (what the import keeps in
// memory, rather than what V8 lets pile up before collecting). Against a baseline in the same run:
// the same rows written with one INSERT … unnest per 5,000, encrypted emails included but no
// validation, audit entries or events (what the import cannot do faster than). A report: exits 0 whatever the figures, 1 only if something throws.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { Readable } from "node:stream";
import { stopChild, waitForOutput } from "@/lib/devservices/child-process";
import { connectWriter, printTable, runBench, startBenchServices, timedWithPeakRss } from "./support";

const TENANTS = 50_000;
const PER_REQUEST = 10_000;
const CHUNK_LINES = 500;
const BASELINE_BATCH = 5_000;
const TARGET = { seconds: 30, peakRssMb: 300 };
const PLANS = ["free", "starter", "pro", "enterprise"];
const TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"];
const SERVER_ROLE = "STEWARD_BENCH_IMPORT_SERVER";
const CAPPED_HEAP_MB = 128;

const int = (n: number) => Math.round(n).toLocaleString("en");
const mb = (bytes: number) => bytes / 2 ** 20;

/**
 * The server process: the import route behind node:http, the request body passed on as the stream
 * it is. GET /rss answers the peak RSS since the last ask (sampled every 20 ms) and starts over.
 */
async function serve(): Promise<void> {
  const { POST } = await import("@/app/api/v1/tenants/import/route");
  let peak = process.memoryUsage.rss();
  setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20).unref();
  const server = createServer(async (req, res) => {
    if (req.url === "/rss") {
      const answer = {
        rssMb: mb(process.memoryUsage.rss()),
        peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())),
      };
      peak = process.memoryUsage.rss();
      return res.end(JSON.stringify(answer));
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const response = await POST(
      new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit),
    );
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  // Exits on its own on SIGTERM, so runtime flags that write on exit (--cpu-prof) still do.
  process.once("SIGTERM", () => process.exit(0));
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    console.log(`listening on ${typeof address === "object" && address ? address.port : 0}`);
  });
}

/** The platform's view of tenant n: what its sync would send. */
function tenant(prefix: string, n: number) {
  return {
    external_id: `${prefix}_${n}`,
    name: `${prefix === "org" ? "Tenant" : "Baseline"} ${n} GmbH`,
    slug: `${prefix}-${n}`,
    plan: PLANS[n % PLANS.length],
    contact_email: `billing+${n}@${prefix}-${n}.example`,
    timezone: TIMEZONES[n % TIMEZONES.length],
  };
}

/** Lines [from, to) as a body produced chunk by chunk as it is sent. */
function ndjsonBody(from: number, to: number): ReadableStream<Uint8Array> {
  let next = from;
  const encoder = new TextEncoder();
  return new ReadableStream(
    {
      pull(controller) {
        if (next >= to) return controller.close();
        const lines: string[] = [];
        for (const end = Math.min(to, next + CHUNK_LINES); next < end; next++)
          lines.push(JSON.stringify(tenant("org", next)));
        controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
      },
    },
    { highWaterMark: 0 },
  );
}

async function bench() {
  await runBench(async (cleanups) => {
    // Importing tenants never touches Redis: only PostgreSQL is started.
    const services = await startBenchServices(cleanups, { redisUrl: "redis://unused" });
    const { db } = await import("@/lib/db");
    const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
    const { createApiKey } = await import("@/lib/api-keys/create-api-key");
    cleanups.push(() => db.$disconnect());
    const writer = await connectWriter(services.databaseUrl, cleanups);

    const user = await db.user.create({
      data: { email: "owner@bench.example", name: "Bench Owner", role: "OWNER", passwordHash: "x" },
    });
    const owner = { kind: "user" as const, id: user.id, label: user.email, role: user.role };
    const { key } = await createApiKey.execute(owner, { name: "platform sync", scopes: ["tenants:write"] });

    /** A server process started with this process's runtime flags (tsx's loader) and `flags`. */
    async function startImportServer(flags: string[]) {
      const child = spawn(process.execPath, [...process.execArgv, ...flags, process.argv[1]], {
        env: { ...process.env, [SERVER_ROLE]: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const stop = () => stopChild(child, "SIGTERM", 5_000);
      cleanups.push(stop);
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
      child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
      await waitForOutput(child, "listening on", 60_000, "The import server");
      const base = `http://127.0.0.1:${Number(output.match(/listening on (\d+)/)?.[1])}`;
      const rss = async () =>
        (await (await fetch(`${base}/rss`)).json()) as { rssMb: number; peakRssMb: number };
      return { base, rss, stop };
    }

    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(", ");
    console.log(
      `\n${int(TENANTS)} tenants, ${cpus().length} CPUs, load average ${load}. Baseline: INSERT … unnest of the same rows…`,
    );
    const baseline = await timedWithPeakRss(async () => {
      for (let offset = 0; offset < TENANTS; offset += BASELINE_BATCH) {
        const rows = Array.from({ length: Math.min(BASELINE_BATCH, TENANTS - offset) }, (_, i) =>
          tenant("base", offset + i),
        );
        await writer.query(
          `INSERT INTO tenants (id, external_id, name, slug, plan, contact_email_encrypted, contact_email_digest, timezone, updated_at)
           SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::"Plan"[], $6::text[], $7::text[], $8::text[])`,
          [
            rows.map((row) => `base${row.external_id}`),
            rows.map((row) => row.external_id),
            rows.map((row) => row.name),
            rows.map((row) => row.slug),
            rows.map((row) => row.plan),
            rows.map((row) => encryptPii(row.contact_email)),
            rows.map((row) => emailDigest(row.contact_email)),
            rows.map((row) => row.timezone),
          ],
        );
      }
    });
    /** Each import starts from the same empty tables the baseline did. */
    async function emptyTables() {
      await writer.query("TRUNCATE tenants, audit_logs, webhook_events, webhook_streams CASCADE");
      await writer.query("VACUUM ANALYZE tenants");
    }

    async function importAll(server: Awaited<ReturnType<typeof startImportServer>>) {
      const start = performance.now();
      await server.rss(); // starts the server's peak over
      const totals = { created: 0, updated: 0, unchanged: 0, errors: 0 };
      for (let from = 0; from < TENANTS; from += PER_REQUEST) {
        const response = await fetch(`${server.base}/api/v1/tenants/import`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
          body: ndjsonBody(from, Math.min(TENANTS, from + PER_REQUEST)),
          duplex: "half",
        } as RequestInit);
        if (response.status !== 200)
          throw new Error(`Import answered ${response.status}: ${await response.text()}`);
        const body = (await response.json()) as { totals: typeof totals };
        for (const status of Object.keys(totals) as (keyof typeof totals)[])
          totals[status] += body.totals[status];
      }
      const seconds = (performance.now() - start) / 1000;
      return { totals, seconds, peakRssMb: (await server.rss()).peakRssMb };
    }

    await emptyTables();
    const server = await startImportServer([]);
    const idle = await server.rss();
    console.log(
      `Importing through POST /api/v1/tenants/import (server RSS before: ${idle.rssMb.toFixed(0)} MB)…`,
    );
    const first = await importAll(server);
    const [tenants, events, audits] = await Promise.all([
      db.tenant.count(),
      db.webhookEvent.count({ where: { type: "tenant.created" } }),
      db.auditLog.count({ where: { action: "tenant.created" } }),
    ]);
    console.log("Importing the same tenants again (all unchanged)…");
    const again = await importAll(server);
    await server.stop();
    // V8 lets garbage pile up to a limit it sizes for itself before collecting it; a capped heap
    // shows what the import really keeps: the same speed, in far less memory.
    console.log(`Importing again from empty into a server with its heap capped at ${CAPPED_HEAP_MB} MB…`);
    await emptyTables();
    const cappedServer = await startImportServer([`--max-old-space-size=${CAPPED_HEAP_MB}`]);
    const capped = await importAll(cappedServer);

    const row = (label: string, run: { seconds: number; peakRssMb: number }, outcome: string) => [
      label,
      run.seconds.toFixed(1),
      int(TENANTS / run.seconds),
      run.peakRssMb.toFixed(0),
      (run.seconds / baseline.seconds).toFixed(1),
      outcome,
    ];
    printTable(
      ["run", "seconds", "tenants/s", "peak RSS MB", "× baseline", "outcome"],
      [
        row("baseline: INSERT … unnest, 5,000 a statement (bench process)", baseline, "rows only"),
        row(
          "import: 5 × 10,000 NDJSON lines (server process)",
          first,
          `${int(first.totals.created)} created, ${int(first.totals.errors)} errors`,
        ),
        row(
          "import again: all unchanged (server process)",
          again,
          `${int(again.totals.unchanged)} unchanged`,
        ),
        row(
          `import, server heap capped at ${CAPPED_HEAP_MB} MB`,
          capped,
          `${int(capped.totals.created)} created, ${int(capped.totals.errors)} errors`,
        ),
      ],
    );
    console.log(
      `\nAfter the import: ${int(tenants)} tenants, ${int(events)} tenant.created events, ${int(audits)} audit entries.`,
    );
    const verdict = (run: { seconds: number; peakRssMb: number }) =>
      run.seconds < TARGET.seconds && run.peakRssMb < TARGET.peakRssMb ? "MET" : "NOT MET";
    console.log(
      `Target: ${int(TENANTS)} tenants in under ${TARGET.seconds} s with the server's peak RSS under ${TARGET.peakRssMb} MB: ` +
        `${verdict(first)} (heap capped at ${CAPPED_HEAP_MB} MB: ${verdict(capped)})`,
    );
  });
}

if (process.env[SERVER_ROLE]) await serve();
else await bench();
