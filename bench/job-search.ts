// npx tsx bench/job-search.ts: how fast is the Jobs list when Redis holds all that retention allows?
// Search reads the newest jobs of each queue and state from Redis and filters them in the process
// (lib/jobs/dashboard/search-jobs.ts). This fills a throwaway Redis to the retention limits, times
// the list's queries, and compares each with one plain BullMQ page of 100 jobs. A report: exits 0
// whether or not the target is met, 1 only if something throws.
import { cpus } from "node:os";
import { UnrecoverableError, Worker } from "bullmq";
import { measure, runBench, startBenchServices } from "./support";

const RUNS = { warmup: 3, timed: 20 };
const TARGET_P95_MS = 500;
/** Failed jobs have no count limit, only an age; this many stands for a bad week. */
const FAILED_PER_QUEUE = 2_000;

await runBench(async (cleanups) => {
  await startBenchServices(cleanups);
  const { createRedis } = await import("@/lib/redis");
  const { QUEUES, JOBS, getQueue, closeQueues, workerOptions } = await import("@/lib/jobs/queues");
  cleanups.push(() => closeQueues());
  const { listJobs } = await import("@/lib/jobs/dashboard/search-jobs");
  const { listJobsSchema } = await import("@/lib/jobs/dashboard/schemas");

  // Each queue gets as many completed jobs as its retention keeps, and FAILED_PER_QUEUE failures.
  const jobOf = Object.fromEntries(Object.entries(JOBS).map(([name, job]) => [job.queue, name]));
  const payloadOf = (queue: string, i: number) =>
    queue === "email" ? { emailLogId: `log-${i}` } : queue === "alerts" ? { notificationId: `n-${i}` } : {};
  let total = 0;
  for (const queue of Object.keys(QUEUES) as (keyof typeof QUEUES)[]) {
    const completed = QUEUES[queue].defaultJobOptions.removeOnComplete.count;
    const n = completed + FAILED_PER_QUEUE;
    const connection = createRedis("worker");
    let finished = 0;
    const done = new Promise<void>((resolve) => {
      const worker = new Worker(
        queue,
        async (job) => {
          if (Number(job.id!.split("-")[1]) >= completed) throw new UnrecoverableError("bench failure");
        },
        { ...workerOptions(queue, connection), concurrency: 50 },
      );
      const count = () =>
        ++finished === n &&
        void worker
          .close()
          .then(() => connection.quit())
          .then(() => resolve());
      worker.on("completed", count).on("failed", count);
    });
    for (let i = 0; i < n; i += 1_000) {
      await getQueue(queue).addBulk(
        Array.from({ length: Math.min(1_000, n - i) }, (_, k) => ({
          name: jobOf[queue],
          data: payloadOf(queue, i + k),
          opts: { jobId: `${queue}-${i + k}`, attempts: 1 },
        })),
      );
    }
    await done;
    total += n;
    console.log(
      `${queue}: ${completed.toLocaleString("en")} completed and ${FAILED_PER_QUEUE.toLocaleString("en")} failed jobs in Redis`,
    );
  }

  const list = (query: Record<string, string>) => () => listJobs(listJobsSchema.parse(query));
  const cases: [string, () => Promise<unknown>][] = [
    [
      "plain BullMQ: 100 newest completed email jobs (baseline)",
      () => getQueue("email").getJobs(["completed"], 0, 99, false),
    ],
    ["Jobs list, no filter (first page of 100)", list({})],
    ["search a payload value (emailLogId=log-4321)", list({ q: "emailLogId=log-4321" })],
    ["failed view, all queues", list({ state: "failed" })],
    ["exact job reference (email:email-10)", list({ q: "email:email-10" })],
    ["one queue and state (email, completed)", list({ queue: "email", state: "completed" })],
  ];
  console.log(
    `\n${total.toLocaleString("en")} jobs in Redis; ${RUNS.warmup} warm-up then ${RUNS.timed} timed runs per case (${cpus().length} CPUs).\n`,
  );
  const results: { label: string; median: number; p95: number }[] = [];
  for (const [label, run] of cases) results.push({ label, ...(await measure(run, RUNS)) });
  const baseline = results[0].median;
  const width = Math.max(...results.map((r) => r.label.length));
  console.log(`${"case".padEnd(width)}  median ms  p95 ms  × baseline`);
  for (const r of results)
    console.log(
      `${r.label.padEnd(width)}  ${r.median.toFixed(1).padStart(9)}  ${r.p95.toFixed(1).padStart(6)}  ${(r.median / baseline).toFixed(1).padStart(10)}`,
    );
  const worst = Math.max(...results.slice(1).map((r) => r.p95));
  console.log(
    `\nTarget: every list query under ${TARGET_P95_MS} ms at p95 with retention full: ${worst < TARGET_P95_MS ? "MET" : "NOT MET"} (worst ${worst.toFixed(0)} ms)`,
  );
});
