import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { env } from "@/lib/env";
import { validPayload } from "@/lib/jobs/enqueue";
import { JOBS, QUEUES, workerOptions, type JobName } from "@/lib/jobs/queues";
import { createRedis } from "@/lib/redis";

/**
 * The failures of the demo: idempotent sweeps that failed the way real ones do, so Jobs > Failed has
 * something to retry (a retry runs the real job, which then succeeds) or discard.
 */
const DEMO_FAILURES: { job: JobName; error: string }[] = [
  { job: "check-document-expiry", error: "Connection terminated due to connection timeout" },
  { job: "retry-failed-payments", error: "The billing endpoint did not answer within 10 s" },
  { job: "send-api-key-digest", error: "SMTP: 421 4.7.0 Try again later, closing connection" },
];

/**
 * Queues each demo failure and fails it at once through a worker of its own (no processor: it takes
 * the job by hand and records the error), with one attempt so it lands in the failed list. Skips a
 * queue that already holds waiting jobs, whose next job would not be ours, and a job seeded before.
 * Returns how many it made (none when Redis does not answer within 5 s).
 */
export async function seedFailedJobs(): Promise<number> {
  const connection = createRedis("worker");
  let made = 0;
  try {
    // A worker's connection waits for Redis forever; the demo goes on without these if it is not there.
    const answered = await Promise.race([
      connection.ping().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
    ]);
    if (!answered) return 0;
    for (const { job: name, error } of DEMO_FAILURES) {
      const queueName = JOBS[name].queue;
      const queue = new Queue(QUEUES[queueName].name, { connection, prefix: env().STEWARD_QUEUE_PREFIX });
      const worker = new Worker(QUEUES[queueName].name, null, {
        ...workerOptions(queueName, connection),
        autorun: false,
      });
      try {
        if ((await queue.getWaitingCount()) > 0) continue;
        const added = await queue.add(name, validPayload(name, {}), {
          jobId: `demo-failed-${name}`,
          attempts: 1,
          removeOnFail: false,
        });
        const token = randomUUID();
        const taken = await worker.getNextJob(token);
        if (taken?.id !== added.id) continue;
        await taken.moveToFailed(new Error(error), token, false);
        made++;
      } finally {
        await worker.close();
        await queue.close();
      }
    }
  } finally {
    await connection.quit();
  }
  return made;
}
