import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { JobName, QueueName } from "./queues";
import { getQueue, JOBS, QUEUES } from "./queues";

export type Schedule = {
  id: string;
  job: JobName;
  /** Either a cron pattern with its time zone, or a fixed interval. */
  repeat: { pattern: string; tz: string } | { every: number };
  description: string;
};

/** Every recurring automation, declared in one place; the worker registers them at start. */
export const SCHEDULES: Schedule[] = [
  {
    id: "worker-heartbeat",
    job: "heartbeat",
    repeat: { every: 30_000 },
    description: "Records that a worker is alive (shown on Overview)",
  },
  {
    id: "flush-rate-limit-stats",
    job: "flush-rate-limit-stats",
    repeat: { every: 60_000 },
    description: "Moves rate-limit decisions, violations and automatic bans from Redis to Postgres",
  },
  {
    id: "requeue-stranded-emails",
    job: "requeue-stranded-emails",
    repeat: { every: 10 * 60_000 },
    description: "Queues again emails that were recorded but never queued (a producer lost Redis or crashed)",
  },
  {
    id: "send-trial-reminders",
    job: "send-trial-reminders",
    // Hourly, so each tenant's reminder goes out at TRIAL_REMINDER_HOUR in its own time zone.
    repeat: { pattern: "5 * * * *", tz: "UTC" },
    description: "Emails trials that end in 7 days and tomorrow (once each, at a sensible local hour)",
  },
  {
    id: "expire-trials",
    job: "expire-trials",
    repeat: { pattern: "0 * * * *", tz: "UTC" },
    description: "Expires trials past their end, suspends those tenants and emails them",
  },
  {
    id: "retry-failed-payments",
    job: "retry-failed-payments",
    repeat: { every: 5 * 60_000 },
    description: "Retries failed payments whose retry is due through the billing endpoint (dunning)",
  },
  {
    id: "detect-anomalies",
    job: "detect-anomalies",
    get repeat() {
      return { every: env().ANOMALY_DETECTION_INTERVAL_MINUTES * 60_000 };
    },
    description:
      "Derives Steward's own metrics, scores new metric buckets against their baselines and alerts on critical anomalies",
  },
  {
    id: "decide-review-items",
    job: "decide-review-items",
    repeat: { every: 60_000 },
    description:
      "Asks the decision engine about new review items and routes them by confidence (auto-execute, review, escalate)",
  },
  {
    id: "recommend-suspensions",
    job: "recommend-suspensions",
    repeat: { pattern: "0 2 * * *", tz: "UTC" },
    description:
      "Scores every running tenant for suspension and raises a review item for those above the threshold",
  },
  {
    id: "check-document-expiry",
    job: "check-document-expiry",
    repeat: { pattern: "0 6 * * *", tz: "UTC" },
    description:
      "Warns tenants and owners of documents that expire soon (once per offset) and marks expired ones, raising a review item for required ones",
  },
  {
    id: "analyze-usage",
    job: "analyze-usage",
    repeat: { pattern: "30 4 * * *", tz: "UTC" },
    description:
      "Classifies every tenant's usage over the last 30 days and raises plan-fit recommendations (downgrade, upgrade, archive)",
  },
  {
    id: "send-api-key-digest",
    job: "send-api-key-digest",
    repeat: { pattern: "0 8 * * 1", tz: "UTC" },
    description: "Emails owners a weekly list of API keys that are unused or due for rotation",
  },
  {
    id: "sweep-webhooks",
    job: "sweep-webhooks",
    repeat: { every: 30_000 },
    description:
      "Fans out webhook events a worker may have missed, queues deliveries whose retry is due, and disables endpoints failing for days",
  },
  {
    id: "escalate-alerts",
    job: "escalate-alerts",
    repeat: { every: 60_000 },
    description: "Sends urgent alerts nobody acknowledged to the next person on call, then to every owner",
  },
  {
    id: "send-alert-digests",
    job: "send-alert-digests",
    repeat: { every: 15 * 60_000 },
    description:
      "Emails each person the alerts held during their quiet hours or over their hourly cap, once they are awake",
  },
  {
    id: "prune-expired-records",
    job: "prune-expired-records",
    repeat: { pattern: "30 3 * * *", tz: "UTC" },
    description:
      "Deletes expired sign-in throttles, notifications older than 90 days, and rate-limit and metric history past retention",
  },
];

export function findScheduleOrNull(id: string): Schedule | null {
  return SCHEDULES.find((s) => s.id === id) ?? null;
}

/** Creates or updates one scheduler; `upsertJobScheduler` is idempotent. */
export async function registerSchedule(schedule: Schedule): Promise<void> {
  await getQueue(JOBS[schedule.job].queue).upsertJobScheduler(schedule.id, schedule.repeat, {
    name: schedule.job,
    data: {},
  });
}

export async function unregisterSchedule(schedule: Schedule): Promise<void> {
  await getQueue(JOBS[schedule.job].queue).removeJobScheduler(schedule.id);
}

/**
 * Brings Redis in line with the declarations: every schedule registered, except those an owner
 * paused, and schedulers no longer declared (renamed or retired) removed, so they stop adding
 * jobs no processor knows. Several workers starting at once, or a restart, leave exactly one
 * scheduler per id.
 */
export async function registerSchedules(schedules: Schedule[] = SCHEDULES): Promise<void> {
  const declared = new Set(schedules.map((s) => s.id));
  for (const queueName of Object.keys(QUEUES) as QueueName[]) {
    const queue = getQueue(queueName);
    for (const { key } of await queue.getJobSchedulers())
      if (!declared.has(key)) await queue.removeJobScheduler(key);
  }
  await db.schedulePause.deleteMany({ where: { scheduleId: { notIn: [...declared] } } });
  const paused = new Set(
    (await db.schedulePause.findMany({ select: { scheduleId: true } })).map((p) => p.scheduleId),
  );
  for (const schedule of schedules)
    await (paused.has(schedule.id) ? unregisterSchedule(schedule) : registerSchedule(schedule));
}
