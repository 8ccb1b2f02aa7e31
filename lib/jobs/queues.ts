import { MetricsTime, Queue, type JobsOptions, type WorkerOptions } from "bullmq";
import { z } from "zod";
import { createRedis, onRedisError, queuePrefix, type RedisClient } from "@/lib/redis";

/**
 * Every queue Steward runs, with the settings producers and the worker share.
 * Each number says why it is what it is; later areas add their queues here.
 */
export const QUEUES = {
  maintenance: {
    name: "maintenance",
    // Housekeeping jobs are tiny and time-insensitive; one at a time keeps them from competing.
    concurrency: 1,
    defaultJobOptions: {
      // A missed heartbeat is replaced by the next one in 30 s, so a retry or two is plenty.
      attempts: 2,
      backoff: { type: "exponential", delay: 1_000 },
      // Keep enough history to inspect without letting Redis grow: a day of heartbeats is ~2,900 jobs.
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  email: {
    name: "email",
    // SMTP servers accept a handful of parallel sessions comfortably; more mostly earns throttling.
    concurrency: 5,
    defaultJobOptions: {
      // 5 tries over ~1 minute (2, 4, 8, 16 s between them) ride out an SMTP restart or greylisting.
      attempts: 5,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { age: 24 * 3600, count: 5_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  alerts: {
    name: "alerts",
    concurrency: 2,
    defaultJobOptions: {
      // Providers rate-limit bursts (429) and have short outages (5xx); 5 tries over ~2.5 minutes
      // (5, 10, 20, 40 s apart) get an alert through. Other 4xx answers fail at once (deliver-alert).
      attempts: 5,
      backoff: { type: "exponential", delay: 5_000 },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  billing: {
    name: "billing",
    // Sweeps batch their own work; two at once lets a long expiry sweep not hold up a dunning run.
    concurrency: 2,
    defaultJobOptions: {
      // Every billing job is idempotent and re-runs hourly or every few minutes anyway.
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  anomalies: {
    name: "anomalies",
    // A pass already batches across every series; a second one at once would only wait on its lock.
    concurrency: 1,
    defaultJobOptions: {
      // Passes are idempotent and the next one comes within minutes.
      attempts: 2,
      backoff: { type: "exponential", delay: 30_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  reviews: {
    name: "reviews",
    // Deciding waits on the AI (seconds); two at once keep executions moving while a decision waits.
    concurrency: 2,
    defaultJobOptions: {
      // Every review job is idempotent (leases, conditional updates); a few tries ride out a restart.
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 2_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  health: {
    name: "health",
    // Daily and weekly sweeps over every tenant; one at a time is plenty.
    concurrency: 1,
    defaultJobOptions: {
      // Each sweep is idempotent (a warning, an item or a day's snapshot is recorded once).
      attempts: 3,
      backoff: { type: "exponential", delay: 30_000 },
      removeOnComplete: { age: 30 * 24 * 3600, count: 500 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  webhooks: {
    name: "webhooks",
    // One run per endpoint at a time (its requests in parallel inside it), so a slow receiver holds
    // one of these; the rest serve the other endpoints and the sweep.
    concurrency: 8,
    defaultJobOptions: {
      // A delivery run is safe to repeat (deliveries are at least once, by the event's id); its own
      // failures (Postgres or Redis gone) are retried a few times, and the sweep re-queues what is due.
      attempts: 3,
      backoff: { type: "exponential", delay: 5_000 },
      removeOnComplete: { age: 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  imports: {
    name: "imports",
    // An import writes batches of 500 tenants in transactions of their own; two at once would only
    // compete for the same slugs and locks, and an owner rarely starts more than one.
    concurrency: 1,
    defaultJobOptions: {
      // A run resumes after the rows it recorded as done (a repeated row is an upsert by external id,
      // so harmless); three tries over a minute and a half ride out a restart of PostgreSQL or the worker.
      attempts: 3,
      backoff: { type: "exponential", delay: 30_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
} as const;

export type QueueName = keyof typeof QUEUES;

/** Job types per queue with their payload schemas; payloads carry ids, never whole records. */
export const JOBS = {
  heartbeat: { queue: "maintenance", payload: z.object({}).strict() },
  "prune-expired-records": { queue: "maintenance", payload: z.object({}).strict() },
  "flush-rate-limit-stats": { queue: "maintenance", payload: z.object({}).strict() },
  "requeue-stranded-emails": { queue: "maintenance", payload: z.object({}).strict() },
  "send-trial-reminders": { queue: "billing", payload: z.object({}).strict() },
  "expire-trials": { queue: "billing", payload: z.object({}).strict() },
  "retry-failed-payments": { queue: "billing", payload: z.object({}).strict() },
  "detect-anomalies": { queue: "anomalies", payload: z.object({}).strict() },
  "decide-review-items": { queue: "reviews", payload: z.object({}).strict() },
  "recommend-suspensions": { queue: "reviews", payload: z.object({}).strict() },
  "execute-review-decision": {
    queue: "reviews",
    payload: z.object({ decisionId: z.string().min(1) }).strict(),
  },
  "check-document-expiry": { queue: "health", payload: z.object({}).strict() },
  "analyze-usage": { queue: "health", payload: z.object({}).strict() },
  "send-api-key-digest": { queue: "health", payload: z.object({}).strict() },
  "send-email": { queue: "email", payload: z.object({ emailLogId: z.string().min(1) }).strict() },
  "deliver-alert": { queue: "alerts", payload: z.object({ deliveryId: z.string().min(1) }).strict() },
  "escalate-alerts": { queue: "alerts", payload: z.object({}).strict() },
  "send-alert-digests": { queue: "alerts", payload: z.object({}).strict() },
  "deliver-webhooks": {
    queue: "webhooks",
    payload: z.object({ endpointId: z.string().min(1) }).strict(),
  },
  "sweep-webhooks": { queue: "webhooks", payload: z.object({}).strict() },
  "import-tenants": { queue: "imports", payload: z.object({ importId: z.string().min(1) }).strict() },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type JobName = keyof typeof JOBS;

/**
 * How every worker of a queue is set up. BullMQ's metrics count finished jobs per minute in RedisClient
 * (the dashboard's chart and /api/metrics read them); all workers of a queue must agree on them.
 * Two weeks of minutes is BullMQ's recommendation, about 120 kB per queue.
 */
export function workerOptions(name: QueueName, connection: RedisClient): WorkerOptions {
  return {
    connection,
    prefix: queuePrefix(),
    concurrency: QUEUES[name].concurrency,
    metrics: { maxDataPoints: MetricsTime.TWO_WEEKS },
  };
}

// BullMQ does not close a connection it was handed, so each queue's is kept to close with it.
const holder = globalThis as unknown as {
  stewardQueues?: Map<QueueName, { queue: Queue; connection: RedisClient }>;
};

/** The process's producer handle for a queue (created once). */
export function getQueue(name: QueueName): Queue {
  holder.stewardQueues ??= new Map();
  let entry = holder.stewardQueues.get(name);
  if (!entry) {
    const connection = createRedis("web");
    const queue = new Queue(QUEUES[name].name, {
      connection,
      prefix: queuePrefix(),
      defaultJobOptions: QUEUES[name].defaultJobOptions,
    });
    queue.on("error", onRedisError("queue error", { queue: name }));
    entry = { queue, connection };
    holder.stewardQueues.set(name, entry);
  }
  return entry.queue;
}

/** The connection of a queue's producer handle, for reads BullMQ has no call for (see search-jobs). */
export function queueConnection(name: QueueName): RedisClient {
  getQueue(name);
  return holder.stewardQueues!.get(name)!.connection;
}

export async function closeQueues(): Promise<void> {
  const entries = [...(holder.stewardQueues?.values() ?? [])];
  holder.stewardQueues?.clear();
  await Promise.all(
    entries.map(async ({ queue, connection }) => (await queue.close(), await connection.quit())),
  );
}
