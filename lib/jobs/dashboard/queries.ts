import { db, type Prisma } from "@/lib/db";
import { getQueue, JOBS, QUEUES, type QueueName } from "../queues";
import { SCHEDULES } from "../schedules";
import { jobRecordId, redactPayload } from "../job-index";
import { getJobOrThrow } from "./find-job";
import type { ListJobsQuery } from "./schemas";

const COUNT_STATES = ["waiting", "active", "delayed", "completed", "failed"] as const;

/** Counts per queue straight from Redis, and whether the queue is paused. */
export async function queueSummaries() {
  return Promise.all(
    (Object.keys(QUEUES) as QueueName[]).map(async (name) => {
      const queue = getQueue(name);
      const [counts, paused] = await Promise.all([queue.getJobCounts(...COUNT_STATES), queue.isPaused()]);
      return { name, paused, counts: Object.fromEntries(COUNT_STATES.map((s) => [s, counts[s] ?? 0])) as Record<(typeof COUNT_STATES)[number], number> };
    }),
  );
}

/** Completed and failed jobs per minute over the last hour (all queues), zero-filled. */
export async function throughputLastHour(now = new Date()) {
  const since = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000);
  const rows = await db.$queryRaw<{ minute: Date; state: string; count: bigint }[]>`
    SELECT date_trunc('minute', finished_at) AS minute, state::text AS state, count(*) AS count
    FROM job_records WHERE finished_at >= ${since} AND state IN ('completed', 'failed')
    GROUP BY 1, 2`;
  return Array.from({ length: 60 }, (_, i) => {
    const minute = new Date(since.getTime() + i * 60_000);
    const at = (state: string) => Number(rows.find((r) => r.minute.getTime() === minute.getTime() && r.state === state)?.count ?? 0);
    return { minute: minute.toISOString(), completed: at("completed"), failed: at("failed") };
  });
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
        repeat: "pattern" in schedule.repeat ? `${schedule.repeat.pattern} (${schedule.repeat.tz})` : `every ${Math.round(schedule.repeat.every / 1000)} s`,
        nextRunAt: scheduler?.next ? new Date(scheduler.next) : null,
        paused: pause ? { at: pause.pausedAt, by: pause.pausedBy } : null,
      };
    }),
  );
}

/** Payloads longer than this are cut in lists; the detail page shows them whole. */
const LIST_PAYLOAD_CHARS = 160;

/** Searches the job index: an exact job id, a name, or any payload value ("tenantId=abc" or "abc"). */
export async function listJobs(query: ListJobsQuery) {
  const where: Prisma.JobRecordWhereInput = {
    ...(query.queue ? { queue: query.queue } : {}),
    ...(query.state ? { state: query.state } : {}),
    ...(query.q
      ? { OR: [{ jobId: query.q }, { name: { contains: query.q, mode: "insensitive" } }, { searchText: { contains: query.q, mode: "insensitive" } }] }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.jobRecord.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    db.jobRecord.count({ where }),
  ]);
  return {
    rows: rows.map((row) => {
      const payload = JSON.stringify(row.payload);
      return { ...row, payload: payload.length > LIST_PAYLOAD_CHARS ? `${payload.slice(0, LIST_PAYLOAD_CHARS)}…` : payload };
    }),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}

/** Everything about one job: the live state from Redis (payload redacted) and its index row. */
export async function getJobDetail(ref: string) {
  const { queue, job } = await getJobOrThrow(ref);
  const [state, record] = await Promise.all([job.getState(), db.jobRecord.findUnique({ where: { id: jobRecordId(queue, job.id!) } })]);
  return {
    id: jobRecordId(queue, job.id!),
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
    indexedAt: record?.updatedAt ?? null,
  };
}

export type JobDetail = Awaited<ReturnType<typeof getJobDetail>>;
