import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRedis } from "@/lib/redis";
import { closeQueues, getQueue, QUEUES, workerOptions, type QueueName } from "@/lib/jobs/queues";
import { enqueue } from "@/lib/jobs/enqueue";
import { trackWorker } from "@/lib/jobs/track-worker";
import { registerSchedules } from "@/lib/jobs/schedules";
import { currentWorkerIdentity } from "@/lib/jobs/heartbeat";
import {
  getJobDetail,
  queueSummaries,
  scheduleSummaries,
  throughputLastHour,
} from "@/lib/jobs/dashboard/queries";
import { listJobs } from "@/lib/jobs/dashboard/search-jobs";
import { listJobsSchema } from "@/lib/jobs/dashboard/schemas";
import { discardJob, retryJob } from "@/lib/jobs/dashboard/job-actions";
import { pauseQueue, resumeQueue } from "@/lib/jobs/dashboard/queue-actions";
import { pauseSchedule, resumeSchedule, runScheduleNow } from "@/lib/jobs/dashboard/schedule-actions";
import { findFreePort } from "@/lib/devservices/free-port";
import { startMailCatcher, type RunningMailCatcher } from "@/lib/devservices/mail-catcher";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import { createProcessors } from "@/worker/processors";
import { makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

const { actor: owner } = await makeUser("OWNER");
const received: string[] = [];
let smtp: RunningMailCatcher;
const workers: Worker[] = [];

beforeAll(async () => {
  smtp = await startMailCatcher({
    port: await findFreePort(),
    onMessage: (_raw, envelope) => received.push(...envelope.to),
  });
  await ensureDefaultTemplates();
  const processors = createProcessors(currentWorkerIdentity(new Date()));
  for (const queue of Object.keys(QUEUES) as QueueName[]) {
    const worker = new Worker(queue, processors[queue], workerOptions(queue, createRedis("worker")));
    trackWorker(worker);
    workers.push(worker);
  }
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  await smtp.stop();
});

describe("jobs dashboard", () => {
  it("a failing job retries with backoff, lands in the failed view with a notification, and succeeds when retried from the dashboard", async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${await findFreePort()}`;
    // Logged directly and queued by hand with a short backoff, so the test does not wait a minute.
    const { id: emailLogId } = await db.emailLog.create({
      data: {
        dedupeKey: "dash:late",
        templateKey: "trial_expired",
        recipientEncrypted: encryptPii("late@tenant.example"),
        recipientDigest: emailDigest("late@tenant.example"),
        variablesEncrypted: encryptPii(JSON.stringify({ tenantName: "Late Ltd", planName: "Pro" })),
      },
    });
    const job = await enqueue(
      "send-email",
      { emailLogId },
      { jobId: `flaky-${emailLogId}`, attempts: 2, backoff: { type: "fixed", delay: 300 } },
    );
    const ref = `email:${job.id}`;

    const detail = await until(async () => {
      const found = await getJobDetail(ref);
      return found.state === "failed" && found;
    });
    expect(detail.attemptsMade).toBe(2);
    expect(detail.failedReason).toMatch(/ECONNREFUSED/);
    expect(detail.finishedAt!.getTime() - detail.createdAt.getTime()).toBeGreaterThanOrEqual(300);
    expect(detail.stacktrace.length).toBeGreaterThan(0);
    expect(detail.payload).toEqual({ emailLogId });

    const failedView = await listJobs(listJobsSchema.parse({ state: "failed", q: emailLogId }));
    expect(failedView.rows.map((r) => r.id)).toEqual([ref]);
    expect(
      await db.notification.count({
        where: { title: "Job failed: send-email", link: `/jobs/${encodeURIComponent(ref)}` },
      }),
    ).toBe(1);
    expect((await queueSummaries()).find((q) => q.name === "email")!.counts.failed).toBeGreaterThanOrEqual(1);

    process.env.SMTP_URL = smtp.url;
    await retryJob.execute(owner, { id: ref });
    await until(async () => (await getJobDetail(ref)).state === "completed");
    expect((await db.emailLog.findUniqueOrThrow({ where: { id: emailLogId } })).status).toBe("sent");
    expect(received.filter((to) => to === "late@tenant.example")).toHaveLength(1);
    await expect(retryJob.execute(owner, { id: ref })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditLog.count({ where: { action: "job.retried", entityId: ref } })).toBe(1);

    const lastMinute = (await throughputLastHour()).at(-1)!;
    expect(lastMinute.failed).toBeGreaterThanOrEqual(1);
    expect(lastMinute.completed).toBeGreaterThanOrEqual(1);

    expect(await discardJob.execute(owner, { id: ref })).toEqual({
      id: ref,
      name: "send-email",
      queue: "email",
    });
    expect((await listJobs(listJobsSchema.parse({ q: ref }))).rows).toEqual([]);
    await expect(getJobDetail(ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("runs a schedule now and reports its progress to the end", async () => {
    const longAgo = new Date(Date.now() - 100 * 86_400_000);
    await db.loginThrottle.createMany({
      data: [
        { key: "email:expired@example.test", failures: 2, windowStart: longAgo },
        {
          key: "email:locked@example.test",
          failures: 5,
          windowStart: longAgo,
          lockedUntil: new Date(Date.now() + 60_000),
        },
      ],
    });
    await db.notification.createMany({
      data: [
        { severity: "info", title: "Old news", body: "-", dedupeKey: "prune:old", createdAt: longAgo },
        { severity: "info", title: "Fresh news", body: "-", dedupeKey: "prune:fresh" },
      ],
    });
    const { job: ref } = await runScheduleNow.execute(owner, { id: "prune-expired-records" });
    const done = await until(async () => {
      const detail = await getJobDetail(ref);
      return detail.state === "completed" && detail;
    });
    expect(done.progress).toBe(100);
    expect(done.returnValue).toEqual({ deleted: 2 });
    expect((await db.loginThrottle.findMany()).map((t) => t.key)).toEqual(["email:locked@example.test"]);
    expect(await db.notification.count({ where: { dedupeKey: { startsWith: "prune:" } } })).toBe(1);
  });

  it("pauses and resumes a schedule, and a restarting worker keeps it paused", async () => {
    await registerSchedules();
    await pauseSchedule.execute(owner, { id: "worker-heartbeat" });
    await registerSchedules();
    expect(await getQueue("maintenance").getJobScheduler("worker-heartbeat")).toBeFalsy();
    expect((await scheduleSummaries()).find((s) => s.id === "worker-heartbeat")?.paused?.by).toBe(
      owner.label,
    );
    await resumeSchedule.execute(owner, { id: "worker-heartbeat" });
    expect((await getQueue("maintenance").getJobScheduler("worker-heartbeat"))?.every).toBe(30_000);
  });

  it("removes schedulers that are no longer declared, with their pauses", async () => {
    await getQueue("maintenance").upsertJobScheduler(
      "retired-sweep",
      { every: 60_000 },
      { name: "heartbeat", data: {} },
    );
    await db.schedulePause.create({ data: { scheduleId: "retired-sweep", pausedBy: owner.label } });
    await registerSchedules();
    expect(await getQueue("maintenance").getJobScheduler("retired-sweep")).toBeFalsy();
    expect(await db.schedulePause.count({ where: { scheduleId: "retired-sweep" } })).toBe(0);
    expect(await getQueue("maintenance").getJobScheduler("prune-expired-records")).toBeTruthy();
  });

  it("searches for a word that names one of BullMQ's own lists without tripping over it", async () => {
    for (const q of ["completed", "wait", "failed", "meta"])
      await expect(listJobs(listJobsSchema.parse({ q }))).resolves.toMatchObject({ page: 1 });
  });

  it("pauses and resumes a queue", async () => {
    await pauseQueue.execute(owner, { queue: "alerts" });
    expect((await queueSummaries()).find((q) => q.name === "alerts")!.paused).toBe(true);
    await resumeQueue.execute(owner, { queue: "alerts" });
    expect((await queueSummaries()).find((q) => q.name === "alerts")!.paused).toBe(false);
    expect(await db.auditLog.count({ where: { entityType: "queue", entityId: "alerts" } })).toBe(2);
  });

  it("refuses a payload that does not match the registry before queueing", async () => {
    await expect(enqueue("send-email", { emailLogId: "" })).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { emailLogId: expect.any(Array) },
    });
  });
});
