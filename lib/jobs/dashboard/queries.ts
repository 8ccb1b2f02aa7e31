import { db } from "@/lib/db";
import { withRedisDeadline } from "@/lib/redis";
import { getQueue, JOBS, QUEUES, type QueueName } from "../queues";
import { SCHEDULES } from "../schedules";
import { redactPayload } from "../redact-payload";
import { getJobOrThrow, jobRef } from "./find-job";

const COUNT_STATES = ["waiting", "active", "delayed", "completed", "failed"] as const;

/** Counts per queue straight from Redis, and whether the queue is paused. */
export async function queueSummaries() {
  return Promise.all(
    (Object.keys(QUEUES) as QueueName[]).map(async (name) => {
      const queue = getQueue(name);
      const [counts, paused] = await Promise.all([
        queue.getJobCounts(...COUNT_STATES, "prioritized"),
        queue.isPaused(),
      ]);
      // Jobs given a priority wait in their own list; to an operator they are waiting all the same.
      counts.waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
      return {
        name,
        paused,
        counts: Object.fromEntries(COUNT_STATES.map((s) => [s, counts[s] ?? 0])) as Record<
          (typeof COUNT_STATES)[number],
          number
        >,
      };
    }),
  );
}

/**
 * Completed and failed jobs per minute over the last hour (all queues), zero-filled, from the
 * per-minute counts BullMQ's metrics keep in Redis (see workerOptions).
 */
export async function throughputLastHour(now = new Date()) {
  const thisMinute = Math.floor(now.getTime() / 60_000);
  const counts = { completed: new Map<number, number>(), failed: new Map<number, number>() };
  await Promise.all(
    (Object.keys(QUEUES) as QueueName[]).flatMap((queue) =>
      (["completed", "failed"] as const).map(async (outcome) => {
        for (const [minute, count] of await finishedPerMinute(queue, outcome))
          counts[outcome].set(minute, (counts[outcome].get(minute) ?? 0) + count);
      }),
    ),
  );
  return Array.from({ length: 60 }, (_, i) => {
    const minute = thisMinute - 59 + i;
    return {
      minute: new Date(minute * 60_000).toISOString(),
      completed: counts.completed.get(minute) ?? 0,
      failed: counts.failed.get(minute) ?? 0,
    };
  });
}

/**
 * BullMQ's metrics as [minute number, jobs] pairs. Its list holds one count per closed minute,
 * newest first, ending the minute before `prevTS`; the minute of `prevTS` is still open and its
 * count so far is `count - prevCount`. Minutes after it had no finished jobs, or it would have moved.
 */
async function finishedPerMinute(
  queue: QueueName,
  outcome: "completed" | "failed",
): Promise<[number, number][]> {
  const { meta, data } = await getQueue(queue).getMetrics(outcome, 0, 59);
  if (!meta.prevTS) return [];
  const openMinute = Math.floor(meta.prevTS / 60_000);
  return [
    [openMinute, meta.count - meta.prevCount],
    ...data.map((count, i): [number, number] => [openMinute - 1 - i, count]),
  ];
}

/** Every declared schedule with its next run (from BullMQ) and whether an owner paused it. */
export async function scheduleSummaries() {
  const pauses = new Map((await db.schedulePause.findMany()).map((p) => [p.scheduleId, p]));
  return Promise.all(
    SCHEDULES.map(async (schedule) => {
      const scheduler = await getQueue(JOBS[schedule.job].queue).getJobScheduler(schedule.id);
      const pause = pauses.get(schedule.id);
      return {
        id: schedule.id,
        job: schedule.job,
        description: schedule.description,
        repeat:
          "pattern" in schedule.repeat
            ? `${schedule.repeat.pattern} (${schedule.repeat.tz})`
            : `every ${Math.round(schedule.repeat.every / 1000)} s`,
        nextRunAt: scheduler?.next ? new Date(scheduler.next) : null,
        paused: pause ? { at: pause.pausedAt, by: pause.pausedBy } : null,
      };
    }),
  );
}

/** The Jobs page's figures, or a 503 AppError when Redis does not answer in time. */
export async function jobsOverview() {
  const [queues, throughput, schedules] = await withRedisDeadline(
    Promise.all([queueSummaries(), throughputLastHour(), scheduleSummaries()]),
  );
  return { queues, throughput, schedules };
}

/** Everything about one job, live from Redis (payload redacted); a 503 AppError when Redis does not answer. */
export function getJobDetail(ref: string) {
  return withRedisDeadline(readJobDetail(ref));
}

async function readJobDetail(ref: string) {
  let { queue, job } = await getJobOrThrow(ref);
  const state = await job.getState();
  // The fields were read before the state: if the job finished in between, read them again.
  if ((state === "completed" || state === "failed") && !job.finishedOn)
    ({ queue, job } = await getJobOrThrow(ref));
  return {
    id: jobRef(queue, job.id!),
    queue,
    jobId: job.id!,
    name: job.name,
    state,
    progress: job.progress,
    payload: redactPayload(job.data),
    returnValue: job.returnvalue ?? null,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason ?? null,
    stacktrace: job.stacktrace ?? [],
    createdAt: new Date(job.timestamp),
    processedAt: job.processedOn ? new Date(job.processedOn) : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

export type JobDetail = Awaited<ReturnType<typeof getJobDetail>>;
