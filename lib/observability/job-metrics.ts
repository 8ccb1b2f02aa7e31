import { getQueue, QUEUES, type QueueName } from "@/lib/jobs/queues";
import { readJobFields } from "@/lib/jobs/read-job-fields";
import { defineScrapeFamily, defineScrapeGauge, type FamilySample } from "./scrape-gauge";

// Read-only reporting over what BullMQ keeps in Redis, like the overview reads tenants; nothing here writes.

const OUTCOMES = ["completed", "failed"] as const;
const DURATION_WINDOW_MS = 60 * 60_000;
/** The newest finished jobs per queue and outcome whose run times are read at a scrape. */
const DURATION_SAMPLE = 1_000;
const QUANTILES = [0.5, 0.9, 0.99];

const queueNames = Object.keys(QUEUES) as QueueName[];

type Run = { processedOn?: number; finishedOn?: number };

/** Run times in seconds, ascending, of the jobs that finished within the window. */
function recentRunSeconds(runs: Run[], now: number): number[] {
  return runs
    .filter((run) => run.processedOn && run.finishedOn && run.finishedOn >= now - DURATION_WINDOW_MS)
    .map((run) => (run.finishedOn! - run.processedOn!) / 1000)
    .sort((a, b) => a - b);
}

/** Quantiles (linear interpolation, as Postgres's percentile_cont) of the run times of jobs finished within the window. */
export function durationQuantiles(runs: Run[], now: number): number[] | null {
  const seconds = recentRunSeconds(runs, now);
  if (seconds.length === 0) return null;
  return QUANTILES.map((q) => {
    const position = q * (seconds.length - 1);
    const below = Math.floor(position);
    return (
      seconds[below] +
      (seconds[Math.min(below + 1, seconds.length - 1)] - seconds[below]) * (position - below)
    );
  });
}

/** Job outcomes and run times by queue. */
export function registerJobMetrics(): void {
  // BullMQ's metrics count every finished job in Redis (see workerOptions): a running total
  // for rate(), which restarts from zero only if Redis loses its data.
  defineScrapeGauge({
    name: "steward_jobs_finished",
    help: "Jobs finished by queue and outcome since BullMQ began counting (a running total kept in Redis; use rate())",
    labelNames: ["queue", "outcome"],
    read: async () =>
      Promise.all(
        queueNames.flatMap((queue) =>
          OUTCOMES.map(async (outcome) => ({
            labels: { queue, outcome },
            value: (await getQueue(queue).getMetrics(outcome, 0, 0)).meta.count,
          })),
        ),
      ),
  });

  // Why a summary and not a histogram: the worker is another process, and the only shared record
  // of run times is the finished jobs Redis still keeps; rebuilding a histogram from that sliding
  // window at each scrape would make its counters shrink, and rate() would read that as resets and
  // lie. Quantiles over a stated window are what the web process can say truthfully (its _sum and
  // _count cover the same window, so they are not running totals either).
  defineScrapeFamily({
    name: "steward_job_duration_seconds",
    help: `Run time of the last attempt (finished - processed) of jobs that finished in the last hour (newest ${DURATION_SAMPLE} per queue and outcome)`,
    type: "summary",
    read: async () => {
      const now = Date.now();
      const samples = await Promise.all(
        queueNames.flatMap((queue) =>
          OUTCOMES.map(async (state) => {
            const ids = await getQueue(queue).getRanges([state], 0, DURATION_SAMPLE - 1, false);
            const runs = (await readJobFields(queue, ids, ["processedOn", "finishedOn"] as const)).map(
              ({ fields }) => ({
                processedOn: Number(fields.processedOn) || undefined,
                finishedOn: Number(fields.finishedOn) || undefined,
              }),
            );
            const quantiles = durationQuantiles(runs, now);
            if (!quantiles) return [];
            const seconds = recentRunSeconds(runs, now);
            return [
              ...quantiles.map((value, i) => ({
                labels: { queue, state, quantile: String(QUANTILES[i]) },
                value,
              })),
              { suffix: "_sum", labels: { queue, state }, value: seconds.reduce((a, b) => a + b, 0) },
              { suffix: "_count", labels: { queue, state }, value: seconds.length },
            ] satisfies FamilySample[];
          }),
        ),
      );
      return samples.flat();
    },
  });
}
