import type { Job, Worker } from "bullmq";
import { logger } from "@/lib/logger";
import { raiseNotification } from "@/lib/in-app/raise-notification";
import { indexJob, jobRecordId } from "./job-index";

/** True when BullMQ will not try the failed job again (out of attempts, or failed as unrecoverable). */
function exhausted(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1) || job.finishedOn !== undefined;
}

/**
 * Keeps the job index in step with a worker and tells the owners when a job has used up its
 * attempts (it then sits in the failed view until someone retries or discards it).
 * Errors here are logged, never thrown: bookkeeping must not fail the job itself.
 */
export function trackWorker(worker: Worker): void {
  const safely = (what: string, work: () => Promise<unknown>) => work().catch((error: Error) => logger.error({ err: error.message, what }, "job bookkeeping failed"));
  worker.on("active", (job) => void safely("index active", () => indexJob(job, "active")));
  worker.on("completed", (job) => void safely("index completed", () => indexJob(job, "completed")));
  worker.on("failed", (job) => {
    if (!job) return;
    const final = exhausted(job);
    void safely("index failed", async () => {
      await indexJob(job, final ? "failed" : "delayed");
      if (!final) return;
      await raiseNotification({
        severity: "warning",
        title: `Job failed: ${job.name}`,
        body: `${job.queueName} job ${job.id} failed after ${job.attemptsMade} attempt(s): ${job.failedReason ?? "no reason given"}`,
        link: `/jobs/${encodeURIComponent(jobRecordId(job.queueName, job.id!))}`,
        dedupeKey: `job-failed:${jobRecordId(job.queueName, job.id!)}:${job.attemptsMade}:${job.finishedOn ?? ""}`,
      });
    });
  });
}
