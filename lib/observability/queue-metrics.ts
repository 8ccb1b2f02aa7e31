import { getQueue, QUEUES, type QueueName } from "@/lib/jobs/queues";
import { JOB_STATES } from "@/lib/jobs/dashboard/schemas";
import { defineScrapeGauge } from "./scrape-gauge";

// "completed" and "failed" are what Redis still keeps (removeOnComplete/removeOnFail), not all-time totals.
// BullMQ 6 has no "paused" state: a paused queue keeps its jobs in "waiting", so pausing is its own gauge.

const queueNames = Object.keys(QUEUES) as QueueName[];

/** Queue depths straight from Redis, the source of truth the worker and the dashboard share. */
export function registerQueueMetrics(): void {
  defineScrapeGauge({
    name: "steward_queue_jobs",
    help: "Jobs in each BullMQ queue by state, read from Redis at scrape time",
    labelNames: ["queue", "state"],
    read: async () =>
      (
        await Promise.all(
          queueNames.map(async (queue) => {
            const counts = await getQueue(queue).getJobCounts(...JOB_STATES);
            return JOB_STATES.map((state) => ({ labels: { queue, state }, value: counts[state] ?? 0 }));
          }),
        )
      ).flat(),
  });
  defineScrapeGauge({
    name: "steward_queue_paused",
    help: "1 while an owner has paused the queue, else 0",
    labelNames: ["queue"],
    read: () =>
      Promise.all(
        queueNames.map(async (queue) => ({
          labels: { queue },
          value: (await getQueue(queue).isPaused()) ? 1 : 0,
        })),
      ),
  });
}
