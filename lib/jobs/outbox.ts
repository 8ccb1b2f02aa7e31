import type { JobsOptions } from "bullmq";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { newId } from "@/lib/new-id";
import { isRedisUnavailable, reportRedisBack, reportRedisTrouble } from "@/lib/redis";
import { withTimeout } from "@/lib/with-timeout";
import { validPayload, type Payload } from "./enqueue";
import { getQueue, JOBS, type JobName, type QueueName } from "./queues";

/** Options that make queueing a row twice run its job once: a job id, or BullMQ's deduplication. */
type OutboxJobOptions = Pick<JobsOptions, "jobId" | "deduplication">;

export type OutboxJob<N extends JobName = JobName> = {
  name: N;
  payload: Payload<N>;
  options?: OutboxJobOptions;
};

/** Rows queued per pass: one BullMQ addBulk per queue, well under a second of Redis time. */
const BATCH = 500;

/**
 * Records jobs to queue once their change commits, in the change's own transaction: they exist
 * exactly when it does, whether or not Redis answers now. Returns the rows' ids for `queueNowOrLater`.
 */
export async function addToJobOutbox(client: Pick<Tx, "$executeRaw">, jobs: OutboxJob[]): Promise<string[]> {
  if (jobs.length === 0) return [];
  const ids = jobs.map(() => newId());
  // One statement however many (a sweep's batch records thousands); Prisma's createMany spends
  // ~0.3 ms of CPU per row.
  await client.$executeRaw`
    INSERT INTO job_outbox (id, job, payload, options)
    SELECT * FROM unnest(
      ${ids}::text[], ${jobs.map((job) => job.name)}::text[],
      ${jobs.map((job) => JSON.stringify(validPayload(job.name, job.payload)))}::jsonb[],
      ${jobs.map((job) => JSON.stringify(job.options ?? {}))}::jsonb[]
    )`;
  return ids;
}

/**
 * Queues outbox rows (those named, or the oldest pending) and deletes them; the number queued.
 * Each job keeps its row's job id (`outbox-<row id>` when it has none), so a row queued twice, by
 * two relays or after a timeout whose command still reached Redis, runs once. Throws when Redis
 * does not answer within REDIS_COMMAND_TIMEOUT_MS; the rows then stay for the next pass.
 */
export async function relayJobOutbox(ids?: string[]): Promise<number> {
  const rows = await db.jobOutbox.findMany({
    where: ids ? { id: { in: ids } } : {},
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
  if (rows.length === 0) return 0;
  const known = rows.filter((row) => row.job in JOBS);
  for (const row of rows.filter((r) => !(r.job in JOBS)))
    logger.error({ outboxId: row.id, job: row.job }, "job outbox row names no known job; dropped");
  const byQueue = new Map<QueueName, typeof known>();
  for (const row of known) {
    const queue = JOBS[row.job as JobName].queue;
    if (!byQueue.has(queue)) byQueue.set(queue, []);
    byQueue.get(queue)!.push(row);
  }
  const adding = Promise.all(
    [...byQueue].map(([queue, queueRows]) =>
      getQueue(queue).addBulk(
        queueRows.map((row) => {
          const options = row.options as OutboxJobOptions;
          return {
            name: row.job,
            data: row.payload,
            opts: { ...options, jobId: options.jobId ?? `outbox-${row.id}` },
          };
        }),
      ),
    ),
  );
  adding.catch(() => {}); // abandoned after the deadline; its late failure is not news
  await withTimeout(adding, env().REDIS_COMMAND_TIMEOUT_MS);
  await db.jobOutbox.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
  return rows.length;
}

// After a request found Redis not answering, the next few do not wait for it again: the worker's
// relay queues their rows once Redis is back.
const SKIP_AFTER_FAILURE_MS = 5_000;
let skipUntil = 0;

/**
 * After the commit: queues the rows at once when Redis answers, else leaves them to the worker's
 * relay. Never throws for Redis, so a change that committed is reported as done.
 */
export async function queueNowOrLater(ids: string[]): Promise<void> {
  if (ids.length === 0 || Date.now() < skipUntil) return;
  try {
    for (let at = 0; at < ids.length; at += BATCH) await relayJobOutbox(ids.slice(at, at + BATCH));
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
    skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
    reportRedisTrouble(error as Error, { at: "job outbox" });
  }
}

/** A job that must not be lost to a Redis outage, outside any transaction: recorded, then queued now or later. */
export async function enqueueSoon<N extends JobName>(
  name: N,
  payload: Payload<N>,
  options?: OutboxJobOptions,
): Promise<void> {
  await queueNowOrLater(await addToJobOutbox(db, [{ name, payload, options }]));
}

/** Time between relay passes: a queued row waits at most about this long once Redis answers. */
const RELAY_EVERY_MS = 1_000;
/** While Redis or PostgreSQL fail, passes back off to this. */
const RELAY_BACKOFF_MAX_MS = 5_000;

/**
 * The worker's relay: queues every outbox row (those a request left while Redis was not answering,
 * and those of a web process that died between commit and queueing), a pass a second, backing off
 * while a pass fails, with one log line per outage.
 */
export function startJobOutboxRelay(): { stop(): Promise<void> } {
  let stopped = false;
  let delay = RELAY_EVERY_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let failing = false;

  const pass = async () => {
    try {
      let queued = 0;
      let batch: number;
      do {
        batch = await relayJobOutbox();
        queued += batch;
      } while (batch === BATCH && !stopped);
      // A pass with nothing to queue never asked Redis, so it says nothing about it.
      if (failing && queued > 0) {
        logger.info({ queued }, "job outbox queued what waited");
        reportRedisBack();
      }
      if (queued > 0) failing = false;
      delay = RELAY_EVERY_MS;
    } catch (error) {
      if (isRedisUnavailable(error)) reportRedisTrouble(error as Error, { at: "job outbox relay" });
      else if (!failing) logger.warn({ err: (error as Error).message }, "job outbox relay failed; retrying");
      failing = true;
      delay = Math.min(delay * 2, RELAY_BACKOFF_MAX_MS);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().then(schedule);
    }, delay);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
