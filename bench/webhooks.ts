// npm run bench:webhooks: how fast does Steward deliver its events, and what does a dead endpoint cost
// the others? Starts a throwaway PostgreSQL and Redis and the real worker (`worker/index.ts`, its own
// process, as in production), and three local receivers. 10,000 events of 1,000 tenants are written
// through the outbox in transactions of 50 (a burst of changes), each to 3 endpoints: deliveries per
// second from the first commit to the last receipt, and commit→receipt p50/p99 (commit time taken
// when the writing transaction returned, receipt when the receiver read the request). Then the same
// with one endpoint dead (it accepts the connection and never answers, so every attempt waits the
// full WEBHOOK_TIMEOUT_MS): the healthy endpoints' rate beside the first run. Between them, a steady
// 250 events/s (750 deliveries/s), where commit→receipt is the delivery's own latency rather than the
// wait behind a burst. Last, what the outbox
// adds to a status change: a suspension + reactivation with its event against the same transaction
// without it. Goals on 2 cores: ≥ 1,000 deliveries/s, p99 commit→receipt < 2 s, a dead endpoint costs
// the healthy ones < 10 %. A report: exits 0 whether or not a goal is met, 1 only if something throws.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { printTable, runBench, startBenchServices, type Cleanups } from "./support";

const TENANTS = 1_000;
const EVENTS = 10_000;
const PER_TRANSACTION = 50;
/** A steady load below the burst capacity, where commit→receipt is the delivery's own latency. */
const PACED_EVENTS_PER_SECOND = 250;

type Receiver = { url: string; receipts: Map<string, number>; server: Server };

/** A receiver that records when each webhook-id first arrived; `dead` accepts and never answers. */
async function startReceiver(cleanups: Cleanups, dead = false): Promise<Receiver> {
  const receipts = new Map<string, number>();
  const server = createServer((request, response) => {
    if (dead) return; // holds the socket until the sender gives up
    const id = String(request.headers["webhook-id"]);
    if (!receipts.has(id)) receipts.set(id, Date.now());
    request.resume();
    request.on("end", () => response.end("ok"));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, receipts, server };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

await runBench(async (cleanups) => {
  await startBenchServices(cleanups);
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
  process.env.STEWARD_QUEUE_PREFIX = "bench-webhooks";
  const { db } = await import("@/lib/db");
  const { recordEvents } = await import("@/lib/webhooks/record-event");
  const { tenantState } = await import("@/lib/webhooks/resources");
  const { createWebhookEndpoint } = await import("@/lib/webhooks/endpoint-actions");
  const { suspendTenantAs, reactivateTenant } = await import("@/lib/tenants/change-tenant-status");
  const { systemActor } = await import("@/lib/auth/actor");
  const { closeQueues } = await import("@/lib/jobs/queues");
  const { encryptPii, emailDigest } = await import("@/lib/crypto/pii");
  cleanups.push(() => closeQueues());
  cleanups.push(() => db.$disconnect());
  const actor = systemActor("bench");

  console.log(`Setting up ${TENANTS} tenants…`);
  await db.tenant.createMany({
    data: Array.from({ length: TENANTS }, (_, i) => ({
      name: `Bench ${i}`,
      slug: `bench-${i}`,
      plan: "pro" as const,
      status: "active" as const,
      contactEmailEncrypted: encryptPii(`t${i}@example.test`),
      contactEmailDigest: emailDigest(`t${i}@example.test`),
    })),
  });
  const tenants = await db.tenant.findMany();

  const worker = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: "inherit",
  });
  cleanups.push(async () => {
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("exit", resolve));
  });
  // The worker is ready once its relay has fanned out a first probe event.
  await new Promise((resolve) => setTimeout(resolve, 4_000));

  /** Writes the events in bursts (at most `perSecond` events a second, if given), returning each event's commit time. */
  async function writeEvents(perSecond?: number): Promise<Map<string, number>> {
    const committed = new Map<string, number>();
    const started = Date.now();
    for (let written = 0; written < EVENTS; written += PER_TRANSACTION) {
      const due = perSecond ? started + (written / perSecond) * 1000 : 0;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const rows = await db.$transaction((tx) =>
        recordEvents(
          tx,
          Array.from({ length: PER_TRANSACTION }, (_, i) => {
            const tenant = tenants[(written + i) % TENANTS];
            return {
              type: "tenant.updated" as const,
              tenantId: tenant.id,
              data: { tenant: tenantState(tenant) },
            };
          }),
        ),
      );
      const at = Date.now();
      for (const row of rows) committed.set(row.id, at);
    }
    return committed;
  }

  async function run(label: string, receivers: Receiver[], healthy: Receiver[], perSecond?: number) {
    const endpoints = [];
    for (const receiver of receivers)
      endpoints.push(
        await createWebhookEndpoint.execute(actor, { url: receiver.url, eventTypes: ["tenant.updated"] }),
      );
    const start = Date.now();
    const committed = await writeEvents(perSecond);
    const writeSeconds = (Date.now() - start) / 1000;
    const expected = healthy.length * EVENTS;
    const deadline = Date.now() + 180_000;
    const count = () =>
      healthy.reduce((sum, r) => sum + [...r.receipts.keys()].filter((id) => committed.has(id)).length, 0);
    while (count() < expected && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const received = healthy.flatMap((r) => [...r.receipts].filter(([id]) => committed.has(id)));
    const last = Math.max(...received.map(([, at]) => at));
    const latencies = received.map(([id, at]) => at - committed.get(id)!);
    await db.webhookEndpoint.updateMany({
      where: { id: { in: endpoints.map((e) => e.id) } },
      data: { enabled: false },
    });
    return {
      label,
      delivered: received.length,
      expected,
      seconds: (last - start) / 1000,
      rate: received.length / ((last - start) / 1000),
      writeSeconds,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
    };
  }

  console.log(`Run 1: ${EVENTS} events × 3 healthy endpoints…`);
  const healthyThree = [
    await startReceiver(cleanups),
    await startReceiver(cleanups),
    await startReceiver(cleanups),
  ];
  const first = await run("3 healthy endpoints", healthyThree, healthyThree);
  console.log(`Run 2: ${EVENTS} events at ${PACED_EVENTS_PER_SECOND}/s × 3 healthy endpoints…`);
  const pacedThree = [
    await startReceiver(cleanups),
    await startReceiver(cleanups),
    await startReceiver(cleanups),
  ];
  const paced = await run(
    `paced, ${PACED_EVENTS_PER_SECOND} events/s × 3`,
    pacedThree,
    pacedThree,
    PACED_EVENTS_PER_SECOND,
  );
  console.log(`Run 3: ${EVENTS} events × 2 healthy endpoints and 1 dead…`);
  const healthyTwo = [await startReceiver(cleanups), await startReceiver(cleanups)];
  const second = await run(
    "2 healthy + 1 dead",
    [...healthyTwo, await startReceiver(cleanups, true)],
    healthyTwo,
  );

  console.log("Status changes with and without their event…");
  const sample = tenants.slice(0, 200);
  const timeEach = async (work: (id: string) => Promise<unknown>) => {
    const times: number[] = [];
    for (const tenant of sample) {
      const t = performance.now();
      await work(tenant.id);
      times.push(performance.now() - t);
    }
    return quantile(times, 0.5);
  };
  const withEvent = await timeEach(async (id) => {
    await suspendTenantAs(actor, { id, reason: "bench" });
    await reactivateTenant.execute(actor, { id, reason: "bench" });
  });
  // The same two changes as plain conditional updates in transactions of their own, no event.
  const without = await timeEach((id) =>
    Promise.all([0]).then(async () => {
      for (const status of ["suspended", "active"] as const)
        await db.$transaction((tx) =>
          tx.tenant.updateMany({ where: { id }, data: { status, statusReason: "bench" } }),
        );
    }),
  );
  const eventOnly = await timeEach((id) =>
    db.$transaction((tx) =>
      recordEvents(tx, [{ type: "tenant.updated", tenantId: id, data: { tenant: tenantState(tenants[0]) } }]),
    ),
  );

  console.log(
    `\n${cpus().length} cores, load ${loadavg()[0].toFixed(2)}; ${TENANTS} tenants, events in transactions of ${PER_TRANSACTION}\n`,
  );
  printTable(
    [
      "run",
      "delivered",
      "seconds",
      "deliveries/s",
      "p50 commit→receipt",
      "p99 commit→receipt",
      "writing took",
    ],
    [first, paced, second].map((r) => [
      r.label,
      `${r.delivered}/${r.expected}`,
      r.seconds.toFixed(2),
      r.rate.toFixed(0),
      `${r.p50} ms`,
      `${r.p99} ms`,
      `${r.writeSeconds.toFixed(2)} s`,
    ]),
  );
  const healthyRate = (r: typeof first, endpoints: number) => r.rate / endpoints;
  const cost = 1 - healthyRate(second, 2) / healthyRate(first, 3);
  console.log(
    `\nPer healthy endpoint: ${healthyRate(first, 3).toFixed(0)}/s alone, ${healthyRate(second, 2).toFixed(0)}/s beside a dead one (cost ${(cost * 100).toFixed(1)} %)`,
  );
  console.log(
    `Status change (suspend + reactivate, median of ${sample.length}): ${withEvent.toFixed(1)} ms with the owner's use case and its events; ` +
      `${without.toFixed(1)} ms as two bare updates; recording one event alone in a transaction: ${eventOnly.toFixed(1)} ms`,
  );
  console.log(
    `\nGoals: ≥ 1,000 deliveries/s: ${first.rate >= 1_000 ? "MET" : "NOT MET"}; p99 < 2 s at a steady ${PACED_EVENTS_PER_SECOND * 3} deliveries/s: ${paced.p99 < 2_000 ? "MET" : "NOT MET"} ` +
      `(in a burst the backlog's wait dominates); ` +
      `dead endpoint cost < 10 %: ${cost < 0.1 ? "MET" : "NOT MET"}`,
  );
});
