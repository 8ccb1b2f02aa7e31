import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { getQueue, QUEUES, type QueueName } from "@/lib/jobs/queues";
import { raiseNotification } from "@/lib/notifications/raise-notification";
import { resolveAlert } from "./acknowledge-alert";

/** No heartbeat for this long (four missed beats of 30 s) means no worker is running. */
export const WORKER_DOWN_AFTER_MS = 120_000;

/**
 * How long a job may wait in each queue before the queue counts as stuck: a little more than the
 * longest a healthy worker leaves one waiting (imports run one at a time and take minutes).
 */
export const QUEUE_STUCK_AFTER_MS: Record<QueueName, number> = {
  maintenance: 5 * 60_000,
  email: 5 * 60_000,
  alerts: 5 * 60_000,
  billing: 15 * 60_000,
  anomalies: 30 * 60_000,
  reviews: 15 * 60_000,
  health: 30 * 60_000,
  webhooks: 5 * 60_000,
  imports: 60 * 60_000,
};

const WORKER_DOWN = "worker-down:";
const queueStuck = (queue: QueueName) => `queue-stuck:${queue}:`;

/** Resolves the open alerts raised under a dedupe-key prefix; they clear themselves. */
async function clearOpen(prefix: string, now: Date): Promise<number> {
  const open = await db.notification.findMany({
    where: { dedupeKey: { startsWith: prefix }, resolvedAt: null },
    select: { id: true },
  });
  for (const { id } of open) await resolveAlert(id, { channel: "steward" }, now);
  return open.length;
}

async function hasOpen(prefix: string): Promise<boolean> {
  return (
    (await db.notification.count({ where: { dedupeKey: { startsWith: prefix }, resolvedAt: null } })) > 0
  );
}

/** Raises "worker down" when the last heartbeat is too old, and clears it once one arrives. */
export async function watchWorkerHeartbeat(now: Date): Promise<"down" | "up" | "never-started"> {
  const last = await db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" }, select: { beatAt: true } });
  // A fresh install whose worker never ran has nothing to watch yet.
  if (!last) return "never-started";
  if (now.getTime() - last.beatAt.getTime() < WORKER_DOWN_AFTER_MS) {
    await clearOpen(WORKER_DOWN, now);
    return "up";
  }
  if (!(await hasOpen(WORKER_DOWN)))
    await raiseNotification({
      severity: "critical",
      alertClass: "worker_down",
      title: "Worker down",
      body: `No worker has reported since ${last.beatAt.toISOString()}: no jobs, schedules or alerts run until one is started again.`,
      link: "/jobs",
      dedupeKey: `${WORKER_DOWN}${last.beatAt.toISOString()}`,
    });
  return "down";
}

/** Raises "queue stuck" for a queue whose oldest waiting job waited too long, and clears it when that passes. */
export async function watchQueues(now: Date): Promise<QueueName[]> {
  const stuck: QueueName[] = [];
  for (const queue of Object.keys(QUEUES) as QueueName[]) {
    const [oldest] = await getQueue(queue).getJobs(["wait"], 0, 0, true);
    const waited = oldest ? now.getTime() - oldest.timestamp : 0;
    if (waited < QUEUE_STUCK_AFTER_MS[queue]) {
      await clearOpen(queueStuck(queue), now);
      continue;
    }
    stuck.push(queue);
    if (await hasOpen(queueStuck(queue))) continue;
    await raiseNotification({
      severity: "critical",
      alertClass: "queue_stuck",
      title: `Queue stuck: ${queue}`,
      body: `The oldest waiting ${queue} job has waited ${Math.round(waited / 60_000)} minutes.`,
      link: `/jobs?queue=${queue}`,
      dedupeKey: `${queueStuck(queue)}${oldest!.id}`,
    });
  }
  return stuck;
}

/**
 * Watches the worker from the web app, since a dead worker cannot report itself: run every
 * 30 seconds by instrumentation.ts. Failures are logged; the next round tries again.
 */
export async function watchTheWatcher(now = new Date()): Promise<void> {
  try {
    const worker = await watchWorkerHeartbeat(now);
    // With the worker down every queue waits: one alert says why, not one per queue.
    if (worker !== "down") await watchQueues(now);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "could not check the worker and its queues");
  }
}
