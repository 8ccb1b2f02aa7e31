import { db } from "@/lib/db";
import { JobState } from "@/lib/generated/prisma/enums";
import { QUEUES } from "@/lib/jobs/queues";
import { defineScrapeGauge } from "./scrape-gauge";

// Read-only reporting over the job index, like the overview reads tenants; nothing here writes.

const DURATION_WINDOW_MS = 60 * 60_000;
const QUANTILES = [0.5, 0.9, 0.99];

/** Job outcomes and run times from the Postgres job index, which the worker keeps in step with BullMQ. */
export function registerJobMetrics(): void {
  defineScrapeGauge({
    name: "steward_jobs",
    help: "Jobs in the job index by queue and state (rows older than the index's retention are pruned)",
    labelNames: ["queue", "state"],
    read: async () => {
      const rows = await db.jobRecord.groupBy({ by: ["queue", "state"], _count: { _all: true } });
      // Every known queue × state is reported, so a state that empties reads 0 instead of vanishing.
      const queues = new Set([...Object.keys(QUEUES), ...rows.map((r) => r.queue)]);
      return [...queues].flatMap((queue) =>
        Object.values(JobState).map((state) => ({
          labels: { queue, state },
          value: rows.find((r) => r.queue === queue && r.state === state)?._count._all ?? 0,
        })),
      );
    },
  });

  // Why a gauge of quantiles and not a Histogram: a histogram's buckets and count are counters that
  // may only grow, and the only shared record of durations is the index, so rebuilding them from a
  // sliding window at each scrape would make them shrink; rate() would read that as resets and lie.
  // Quantiles over a stated window, computed by Postgres, are what the web process can say truthfully.
  defineScrapeGauge({
    name: "steward_job_duration_seconds",
    help: "Run time of the last attempt (finished - processed) of jobs that finished in the last hour, as quantiles by queue and outcome",
    labelNames: ["queue", "state", "quantile"],
    read: async () => {
      const since = new Date(Date.now() - DURATION_WINDOW_MS);
      const rows = await db.$queryRaw<{ queue: string; state: string; quantiles: number[] }[]>`
        SELECT queue, state::text AS state,
               percentile_cont(${QUANTILES}::float8[]) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - processed_at)::float8) AS quantiles
        FROM job_records
        WHERE finished_at >= ${since} AND processed_at IS NOT NULL AND state IN ('completed', 'failed')
        GROUP BY queue, state`;
      return rows.flatMap((row) => QUANTILES.map((q, i) => ({ labels: { queue: row.queue, state: row.state, quantile: String(q) }, value: Number(row.quantiles[i]) })));
    },
  });
}
