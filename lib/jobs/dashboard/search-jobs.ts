import { withRedisDeadline } from "@/lib/redis";
import { getQueue, QUEUES, type QueueName } from "../queues";
import { readJobFields } from "../read-job-fields";
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

/** What a search needs of a job, read without the rest of it (options, stack traces, return values). */
type Found = {
  queue: QueueName;
  state: ListedJobState;
  id: string;
  name: string;
  data: unknown;
  timestamp: number;
};

/** "key=value" pairs of the leaves, so a search for "tenantId=abc" or "abc" finds the job. */
function searchTextOf(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => searchTextOf(v, prefix ? `${prefix}.${k}` : k));
  return [`${prefix}=${String(value)}`];
}

/** An exact job id or reference, a name, or a payload value; personal values are redacted first and never match. */
function matches({ queue, id, name, data }: Found, q: string): boolean {
  if (id === q || jobRef(queue, id) === q) return true;
  const needle = q.toLowerCase();
  return (
    name.toLowerCase().includes(needle) ||
    searchTextOf(redactPayload(data)).join(" ").toLowerCase().includes(needle)
  );
}

/** The newest jobs of one queue and state, with only what a search looks at. */
async function scan(queue: QueueName, state: ListedJobState): Promise<{ found: Found[]; limited: boolean }> {
  const ids = await getQueue(queue).getRanges([state], 0, SCAN_LIMIT - 1, false);
  const jobs = await readJobFields(queue, ids, ["name", "data", "timestamp"] as const);
  const found = jobs.map(({ id, fields }) => ({
    queue,
    state,
    id,
    name: fields.name ?? "",
    data: JSON.parse(fields.data ?? "{}"),
    timestamp: Number(fields.timestamp),
  }));
  return { found, limited: ids.length >= SCAN_LIMIT };
}

/** A search for a job's exact id or reference finds it however old, not only among the scanned. */
async function exactMatches(
  queues: QueueName[],
  q: string,
  states: readonly ListedJobState[],
): Promise<Found[]> {
  const found = await Promise.all(
    queues.map(async (queue) => {
      // BullMQ keeps its own lists beside the jobs ("completed", "wait", …): a search for one of
      // those names reads a key that is not a job, which Redis answers with WRONGTYPE.
      const job = await getQueue(queue)
        .getJob(q.startsWith(`${queue}:`) ? q.slice(queue.length + 1) : q)
        .catch((error: Error) => (error.message.startsWith("WRONGTYPE") ? undefined : Promise.reject(error)));
      const state = job && ((await job.getState()) as ListedJobState);
      return job && states.includes(state!)
        ? [{ queue, state: state!, id: job.id!, name: job.name, data: job.data, timestamp: job.timestamp }]
        : [];
    }),
  );
  return found.flat();
}

/** Jobs newest first, filtered by queue, state and search text, one page at a time. */
export function listJobs(query: ListJobsQuery) {
  return withRedisDeadline(scanJobs(query));
}

async function scanJobs(query: ListJobsQuery) {
  const queues = query.queue ? [query.queue] : (Object.keys(QUEUES) as QueueName[]);
  const states = query.state ? [query.state] : JOB_STATES;
  const scans = await Promise.all(queues.flatMap((queue) => states.map((state) => scan(queue, state))));
  const q = query.q;
  const scanned = scans.flatMap((s) => s.found).filter((f) => !q || matches(f, q));
  const seen = new Set(scanned.map((f) => jobRef(f.queue, f.id)));
  const exact = q
    ? (await exactMatches(queues, q, states)).filter((f) => !seen.has(jobRef(f.queue, f.id)))
    : [];
  const found = [...scanned, ...exact].sort(
    (a, b) => b.timestamp - a.timestamp || jobRef(b.queue, b.id).localeCompare(jobRef(a.queue, a.id)),
  );
  // Only the page's jobs are read whole.
  const page = found.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const jobs = await Promise.all(page.map((f) => getQueue(f.queue).getJob(f.id)));
  const rows = page.flatMap(({ queue, state, id }, i) => {
    const job = jobs[i];
    if (!job) return [];
    const payload = JSON.stringify(redactPayload(job.data));
    return [
      {
        id: jobRef(queue, id),
        queue,
        jobId: id,
        name: job.name,
        state,
        payload: payload.length > LIST_PAYLOAD_CHARS ? `${payload.slice(0, LIST_PAYLOAD_CHARS)}…` : payload,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason ?? null,
        createdAt: new Date(job.timestamp),
        finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      },
    ];
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
