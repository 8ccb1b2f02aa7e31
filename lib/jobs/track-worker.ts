import type { Job, Worker } from "bullmq";
import { logger } from "@/lib/logger";
import { raiseNotification } from "@/lib/notifications/raise-notification";
import { jobRef } from "./dashboard/find-job";

/** True when BullMQ will not try the failed job again (out of attempts, or failed as unrecoverable). */
function exhausted(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1) || job.finishedOn !== undefined;
}

/**
 * Tells the owners when a job has used up its attempts (it then sits in the failed view until
 * someone retries or discards it). Errors here are logged, never thrown: a notification that
 * cannot be written must not fail the job itself.
 */
export function trackWorker(worker: Worker): void {
  worker.on("failed", (job) => {
    if (!job || !exhausted(job)) return;
    const ref = jobRef(job.queueName, job.id!);
    raiseNotification({
      severity: "warning",
      title: `Job failed: ${job.name}`,
      body: `${job.queueName} job ${job.id} failed after ${job.attemptsMade} attempt(s): ${job.failedReason ?? "no reason given"}`,
      link: `/jobs/${encodeURIComponent(ref)}`,
      dedupeKey: `job-failed:${ref}:${job.attemptsMade}:${job.finishedOn ?? ""}`,
      alertClass: "job_failed",
    }).catch((error: Error) =>
      logger.error({ err: error.message, job: ref }, "could not raise the job-failed notification"),
    );
  });
}
