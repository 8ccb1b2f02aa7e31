import type { JobName, QueueName } from "./queues";
import { getQueue, JOBS } from "./queues";

export type Schedule = {
  id: string;
  job: JobName;
  /** Either a cron pattern with its time zone, or a fixed interval. */
  repeat: { pattern: string; tz: string } | { every: number };
  description: string;
};

/** Every recurring automation, declared in one place; the worker registers them at start. */
export const SCHEDULES: Schedule[] = [
  {
    id: "worker-heartbeat",
    job: "heartbeat",
    repeat: { every: 30_000 },
    description: "Records that a worker is alive (shown on Overview)",
  },
];

/**
 * Creates or updates every scheduler. `upsertJobScheduler` is idempotent, so several workers
 * starting at once, or a restart, leave exactly one scheduler per id.
 */
export async function registerSchedules(schedules: Schedule[] = SCHEDULES): Promise<void> {
  for (const schedule of schedules) {
    const queueName: QueueName = JOBS[schedule.job].queue;
    await getQueue(queueName).upsertJobScheduler(schedule.id, schedule.repeat, { name: schedule.job, data: {} });
  }
}
