import type { Job } from "bullmq";
import { AppError } from "@/lib/errors";
import { getQueue, QUEUES, type QueueName } from "../queues";

/** How the dashboard addresses a job: "<queue>:<BullMQ id>". */
export function jobRef(queue: string, jobId: string): string {
  return `${queue}:${jobId}`;
}

/** Splits "<queue>:<id>" and loads the live BullMQ job, or throws NOT_FOUND. */
export async function getJobOrThrow(ref: string): Promise<{ queue: QueueName; job: Job }> {
  const separator = ref.indexOf(":");
  const queue = ref.slice(0, separator) as QueueName;
  const jobId = ref.slice(separator + 1);
  if (!(queue in QUEUES)) throw new AppError("NOT_FOUND", "No such queue.");
  const job = await getQueue(queue).getJob(jobId);
  if (!job)
    throw new AppError(
      "NOT_FOUND",
      "This job no longer exists in Redis (it may have been removed by retention).",
    );
  return { queue, job };
}
