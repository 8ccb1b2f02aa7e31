// The standalone worker: one BullMQ Worker per queue in the registry, the recurring schedules,
// JSON logs, and a graceful stop on SIGTERM/SIGINT (active jobs finish, up to a timeout).
import { loadEnvFileIfPresent } from "@/lib/devservices/env-file";
import type { QueueName } from "@/lib/jobs/queues";

// Listen before anything starts: a stop asked for during start-up waits for it, then stops cleanly
// (the default action would kill the process half-registered, with no exit code).
const stopRequested = new Promise<string>((resolve) => {
  process.on("SIGTERM", () => resolve("SIGTERM"));
  process.on("SIGINT", () => resolve("SIGINT"));
});

loadEnvFileIfPresent();
process.env.STEWARD_SERVICE ??= "worker";

const { Worker } = await import("bullmq");
const { db } = await import("@/lib/db");
const { logger } = await import("@/lib/logger");
const { QUEUES, closeQueues, workerOptions } = await import("@/lib/jobs/queues");
const { createRedis, onRedisError } = await import("@/lib/redis");
const { startJobOutboxRelay } = await import("@/lib/jobs/outbox");
const { registerSchedules, SCHEDULES } = await import("@/lib/jobs/schedules");
const { currentWorkerIdentity, recordHeartbeat } = await import("@/lib/jobs/heartbeat");
const { createProcessors } = await import("./processors");
const { trackWorker } = await import("@/lib/jobs/track-worker");
const { startWebhookRelay } = await import("@/lib/webhooks/relay");

/** How long active jobs get to finish on shutdown before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 30_000;

const identity = currentWorkerIdentity(new Date());
const processors = createProcessors(identity);

const connections = (Object.keys(QUEUES) as QueueName[]).map(() => createRedis("worker"));
const workers = (Object.keys(QUEUES) as QueueName[]).map((queueName, i) => {
  const worker = new Worker(
    QUEUES[queueName].name,
    processors[queueName],
    workerOptions(queueName, connections[i]),
  );
  trackWorker(worker);
  worker.on("failed", (job, error) =>
    logger.warn({ queue: queueName, jobId: job?.id, job: job?.name, err: error.message }, "job failed"),
  );
  // While Redis is down every worker fails each reconnect: one line for the whole outage (lib/redis).
  worker.on("error", onRedisError("worker error", { queue: queueName }));
  return worker;
});

const relay = startWebhookRelay();
const jobOutboxRelay = startJobOutboxRelay();
await registerSchedules();
await recordHeartbeat(identity);
logger.info(
  { workerId: identity.workerId, queues: Object.keys(QUEUES), schedules: SCHEDULES.map((s) => s.id) },
  "worker started",
);

const signal = await stopRequested;
logger.info({ signal }, "worker stopping");
const timer = setTimeout(() => {
  logger.error("active jobs did not finish in time; exiting (they will be retried as stalled)");
  process.exit(1);
}, SHUTDOWN_GRACE_MS);
// close() waits for active jobs and stops taking new ones; unfinished jobs stay in Redis.
await relay.stop();
await jobOutboxRelay.stop();
await Promise.all(workers.map((w) => w.close()));
await closeQueues();
await Promise.all(connections.map((c) => c.quit()));
await db.$disconnect();
clearTimeout(timer);
logger.info("worker stopped");
process.exit(0);
