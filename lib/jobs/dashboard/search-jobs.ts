import type { Job } from "bullmq";
import { getQueue, QUEUES, type QueueName } from "../queues";
import { redactPayload } from "../redact-payload";
import { jobRef } from "./find-job";
import { JOB_STATES, type ListedJobState, type ListJobsQuery } from "./schemas";

/**
 * Redis cannot search, so a search reads the newest jobs of each queue and state and filters them
 * here. Retention (removeOnComplete/removeOnFail) keeps far fewer than this in most states; where
 * a state holds more, the page says the search stopped at the newest ones.
 */
export const SCAN_LIMIT = 1_000;

/** Payloads longer than this are cut in lists; the detail page shows them whole. */
const LIST_PAYLOAD_CHARS = 160;

type Found = { queue: QueueName; state: ListedJobState; job: Job };

/** "key=value" pairs of the leaves, so a search for "tenantId=abc" or "abc" finds the job. */
function searchTextOf(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => searchTextOf(v, prefix ? `${prefix}.${k}` : k));
  return [`${prefix}=${String(value)}`];
}

/** An exact job id or reference, a name, or a payload value; personal values are redacted first and never match. */
function matches({ queue, job }: Found, q: string): boolean {
  if (job.id === q || jobRef(queue, job.id!) === q) return true;
  const needle = q.toLowerCase();
  return job.name.toLowerCase().includes(needle) || searchTextOf(redactPayload(job.data)).join(" ").toLowerCase().includes(needle);
}

async function scan(queue: QueueName, state: ListedJobState): Promise<{ found: Found[]; limited: boolean }> {
  const jobs = await getQueue(queue).getJobs([state], 0, SCAN_LIMIT - 1, false);
  // A job removed between reading the ids and the job comes back empty.
  const found = jobs.filter(Boolean).map((job) => ({ queue, state, job }));
  return { found, limited: jobs.length >= SCAN_LIMIT };
}

/** A search for a job's exact id or reference finds it however old, not only among the scanned. */
async function exactMatches(queues: QueueName[], q: string, states: readonly ListedJobState[]): Promise<Found[]> {
  const found = await Promise.all(
    queues.map(async (queue) => {
      const job = await getQueue(queue).getJob(q.startsWith(`${queue}:`) ? q.slice(queue.length + 1) : q);
      const state = job && ((await job.getState()) as ListedJobState);
      return job && states.includes(state!) ? [{ queue, state: state!, job }] : [];
    }),
  );
  return found.flat();
}

/** Jobs newest first, filtered by queue, state and search text, one page at a time. */
export async function listJobs(query: ListJobsQuery) {
  const queues = query.queue ? [query.queue] : (Object.keys(QUEUES) as QueueName[]);
  const states = query.state ? [query.state] : JOB_STATES;
  const scans = await Promise.all(queues.flatMap((queue) => states.map((state) => scan(queue, state))));
  const q = query.q;
  const scanned = scans.flatMap((s) => s.found).filter((f) => !q || matches(f, q));
  const seen = new Set(scanned.map((f) => jobRef(f.queue, f.job.id!)));
  const exact = q ? (await exactMatches(queues, q, states)).filter((f) => !seen.has(jobRef(f.queue, f.job.id!))) : [];
  const found = [...scanned, ...exact]
    .sort((a, b) => b.job.timestamp - a.job.timestamp || jobRef(b.queue, b.job.id!).localeCompare(jobRef(a.queue, a.job.id!)));
  const rows = found.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map(({ queue, state, job }) => {
    const payload = JSON.stringify(redactPayload(job.data));
    return {
      id: jobRef(queue, job.id!),
      queue,
      jobId: job.id!,
      name: job.name,
      state,
      payload: payload.length > LIST_PAYLOAD_CHARS ? `${payload.slice(0, LIST_PAYLOAD_CHARS)}…` : payload,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp),
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  });
  return {
    rows,
    total: found.length,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(found.length / query.pageSize)),
    /** True when some queue and state held more jobs than a search reads. */
    limited: scans.some((s) => s.limited),
  };
}
