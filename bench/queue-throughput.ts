// npx tsx bench/queue-throughput.ts: what does Steward's queue layer cost compared with plain BullMQ?
// Starts a throwaway PostgreSQL and Redis and pushes the same no-op jobs through both, in the same
// run: plain `queue.add` + a plain Worker, and Steward's `enqueue` (registry lookup + zod + add)
// + a Worker built from `workerOptions` (BullMQ metrics on) running the processors' validation
// around a no-op, with `trackWorker` listening.
// A report: exits 0 whether or not the target is met, 1 only if something throws.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Queue, Worker, type Processor } from "bullmq";
import { Redis } from "ioredis";
import { printTable, runBench, startBenchServices } from "./support";

// On a small machine one run can be 30% off the next (GC, Redis's AOF, the other process), so the
// two sides run back to back many times and the figure is the median of the paired ratios.
const JOBS_PER_PHASE = 3_000;
const WARMUP_JOBS = 1_000;
const TIMED_RUNS = 15;
/** Both workers process 10 jobs at once, and 10 producers add at once (like concurrent requests). */
const CONCURRENCY = 10;
const PRODUCERS = 10;
const MAX_COST = 0.1;
/** A phase that has not finished by then is broken, not slow. */
const PHASE_TIMEOUT_MS = 60_000;
/** Any job type works (the handler is a no-op here); this one has a payload with an id, like most. */
const JOB = "send-email" as const;

type Phase = "end-to-end" | "produce" | "consume";
const PHASES: Phase[] = ["end-to-end", "produce", "consume"];

/** A queue and its worker (not yet running) for one phase, under a prefix of their own. */
type PhaseQueue = { add(i: number): Promise<unknown>; worker: Worker; close(): Promise<void> };
/** One way of queueing and processing jobs: plain BullMQ or Steward's layer. */
type Variant = { label: string; open(prefix: string): Promise<PhaseQueue> };

/** Adds n jobs from PRODUCERS concurrent loops. */
async function produce(n: number, add: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PRODUCERS }, async () => {
      while (next < n) await add(next++);
    }),
  );
}

/** Resolves when the worker has completed n jobs; a failure means the bench itself is broken. */
function completions(worker: Worker, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = 0;
    const timer = setTimeout(
      () => reject(new Error(`only ${done} of ${n} jobs completed in ${PHASE_TIMEOUT_MS / 1000} s`)),
      PHASE_TIMEOUT_MS,
    );
    worker.on("completed", () => ++done === n && (clearTimeout(timer), resolve()));
    worker.on("failed", (_job, error) => (clearTimeout(timer), reject(error)));
  });
}

/** Jobs per second of one phase: from the first add (or the worker's start) to the last completion. */
async function timePhase(variant: Variant, phase: Phase, n: number, prefix: string): Promise<number> {
  const queue = await variant.open(prefix);
  try {
    if (phase === "consume") await produce(n, queue.add);
    const start = performance.now();
    if (phase === "produce") {
      await produce(n, queue.add);
    } else {
      const done = completions(queue.worker, n);
      await queue.worker.waitUntilReady();
      void queue.worker.run();
      if (phase === "end-to-end") await produce(n, queue.add);
      await done;
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    await queue.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const rate = (jobsPerSecond: number) => `${Math.round(jobsPerSecond).toLocaleString("en")} jobs/s`;

await runBench(async (cleanups) => {
  // Postgres idles here unless a job fails (trackWorker then raises a notification), as in production.
  const services = await startBenchServices(cleanups);
  const { env } = await import("@/lib/env");
  const { db } = await import("@/lib/db");
  const { createRedis } = await import("@/lib/redis");
  const { QUEUES, JOBS, closeQueues, workerOptions } = await import("@/lib/jobs/queues");
  const { enqueue } = await import("@/lib/jobs/enqueue");
  const { trackWorker } = await import("@/lib/jobs/track-worker");
  const { validated } = await import("@/worker/processors");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());

  const queueName = JOBS[JOB].queue;
  // Both sides use the registry's job options (retention, attempts), so only the layer differs.
  const defaultJobOptions = QUEUES[queueName].defaultJobOptions;
  const payload = (i: number) => ({ emailLogId: `bench-email-log-${i}` });
  // Plain BullMQ gets plain ioredis connections (a worker's must not time out its blocking commands).
  const connect = () => new Redis(services.redisUrl, { maxRetriesPerRequest: null });

  const plain: Variant = {
    label: "plain BullMQ",
    async open(prefix) {
      const [queueConnection, workerConnection] = [connect(), connect()];
      const queue = new Queue(queueName, { connection: queueConnection, prefix, defaultJobOptions });
      const worker = new Worker(queueName, async () => {}, {
        connection: workerConnection,
        prefix,
        concurrency: CONCURRENCY,
        autorun: false,
      });
      return {
        add: (i) => queue.add(JOB, payload(i)),
        worker,
        // BullMQ does not close a connection it was handed.
        close: async () =>
          void (
            await worker.close(),
            await queue.close(),
            await queueConnection.quit(),
            await workerConnection.quit()
          ),
      };
    },
  };

  // The worker's own validation (registry lookup, zod parse) around a no-op handler.
  const stewardProcessor: Processor = async (job) => void validated(job);
  const steward: Variant = {
    label: "Steward",
    async open(prefix) {
      // lib/env parses once and getQueue keeps its Queue, so a new prefix means changing the parsed
      // value and dropping the old Queue.
      await closeQueues();
      env().STEWARD_QUEUE_PREFIX = prefix;
      // Built the way worker/index.ts builds its workers, with the plain side's concurrency.
      const connection = createRedis("worker");
      const worker = new Worker(queueName, stewardProcessor, {
        ...workerOptions(queueName, connection),
        concurrency: CONCURRENCY,
        autorun: false,
      });
      trackWorker(worker);
      return {
        add: (i) => enqueue(JOB, payload(i)),
        worker,
        close: async () => void (await worker.close(), await connection.quit()),
      };
    },
  };

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  console.log(
    `\n${JOBS_PER_PHASE.toLocaleString("en")} '${JOB}' jobs per phase, worker concurrency ${CONCURRENCY}, ${PRODUCERS} concurrent producers; ` +
      `1 warm-up run (${WARMUP_JOBS.toLocaleString("en")} jobs) then ${TIMED_RUNS} timed runs (${cpus().length} CPUs, load average ${load}).`,
  );
  console.log(
    "Phases: end-to-end = worker running, first add → last completion; produce = adds only; consume = worker drains a backlog.\n",
  );

  const rates = new Map<string, number[]>(); // "<variant>/<phase>" → one rate per timed run
  const ratios = new Map<Phase, number[]>(); // Steward / plain, per run
  for (let run = 0; run <= TIMED_RUNS; run++) {
    const n = run === 0 ? WARMUP_JOBS : JOBS_PER_PHASE;
    // Alternate which side goes first, so neither always gets the warmer (or more fragmented) Redis.
    const variants = run % 2 ? [plain, steward] : [steward, plain];
    const line: string[] = [];
    for (const phase of PHASES) {
      const measured = new Map<Variant, number>();
      for (const variant of variants) {
        measured.set(
          variant,
          await timePhase(
            variant,
            phase,
            n,
            `bench-${variant === plain ? "plain" : "steward"}-${run}-${phase}`,
          ),
        );
        if (run > 0)
          rates.set(`${variant.label}/${phase}`, [
            ...(rates.get(`${variant.label}/${phase}`) ?? []),
            measured.get(variant)!,
          ]);
      }
      if (run > 0)
        ratios.set(phase, [...(ratios.get(phase) ?? []), measured.get(steward)! / measured.get(plain)!]);
      line.push(`${phase} ${Math.round(measured.get(plain)!)} / ${Math.round(measured.get(steward)!)}`);
    }
    console.log(
      `${run === 0 ? "warm-up" : `run ${String(run).padStart(2)}/${TIMED_RUNS}`}: ${line.join(", ")} (plain / Steward, jobs/s)`,
    );
  }

  const header = ["phase (median of runs)", "plain BullMQ", "Steward", "Steward / plain", "cost"];
  const table = PHASES.map((phase) => {
    const ratio = median(ratios.get(phase)!);
    return [
      phase,
      rate(median(rates.get(`plain BullMQ/${phase}`)!)),
      rate(median(rates.get(`Steward/${phase}`)!)),
      ratio.toFixed(2),
      `${((1 - ratio) * 100).toFixed(0)}%`,
    ];
  });
  printTable(header, table);
  console.log(
    "(The ratio is the median of each run's Steward / plain, so it need not equal the ratio of the medians.)",
  );

  const cost = 1 - median(ratios.get("end-to-end")!);
  console.log(
    `\nEnd-to-end: Steward / plain BullMQ ${(1 - cost).toFixed(2)}, cost ${(cost * 100).toFixed(1)}%`,
  );
  console.log(
    `Target: the layer costs under ${MAX_COST * 100}% of plain BullMQ throughput: ${cost < MAX_COST ? "MET" : "NOT MET"}`,
  );
});
