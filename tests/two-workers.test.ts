// Several of everything: two worker processes on one database and one Redis. Schedules are
// registered once (worker.test.ts); here the same sweep, queued twice at once so both workers run
// it together, expires each trial once and emails each tenant once.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { recordBillingEvent } from "@/lib/billing/record-billing-event";
import { billingEventSchema } from "@/lib/billing/schemas";
import { db } from "@/lib/db";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { closeQueues, getQueue } from "@/lib/jobs/queues";
import { parseInput } from "@/lib/validation";
import { makeTenant, makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

const TRIALS = 40;
const billingSystem: Actor = { kind: "apiKey", id: "key-billing", label: "api-key:billing", role: "SYSTEM" };
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const child of workers) child.kill("SIGKILL");
  await closeQueues();
});

describe("two workers on one database and Redis", () => {
  it("the same trial sweep run by both workers at once expires and emails each trial once", async () => {
    await ensureDefaultTemplates();
    const { actor: owner } = await makeUser("OWNER");
    const ended = new Date(Date.now() - 3 * 24 * 3_600_000);
    const trialIds: string[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const tenant = await makeTenant(owner);
      const event = parseInput(billingEventSchema, {
        idempotency_key: `two-workers-${i}`,
        type: "trial_started",
        occurred_at: ended.toISOString(),
        data: { tenant: tenant.slug, plan: "pro", trial_days: 1 },
      });
      const { result } = await recordBillingEvent(billingSystem, event, ended);
      trialIds.push((result as { trial: { id: string } }).trial.id);
    }

    let output = "";
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
        env: process.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      // Kept for the failure message: a worker that cannot start says why here.
      child.stdout!.on("data", (chunk) => (output += chunk));
      child.stderr!.on("data", (chunk) => (output += chunk));
      workers.push(child);
    }
    await until(
      async () =>
        (await db.workerHeartbeat.count({ where: { pid: { in: workers.map((w) => w.pid!) } } })) === 2,
      60_000,
      "both workers started",
    ).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${output.slice(-2000)}`)));

    const billing = getQueue("billing");
    const jobs = await Promise.all(
      [1, 2].map((n) => billing.add("expire-trials", {}, { jobId: `expire-twice-${n}` })),
    );
    await until(
      async () => (await Promise.all(jobs.map((job) => job.isCompleted()))).every(Boolean),
      60_000,
      "both sweeps done",
    );
    const ran = await Promise.all(jobs.map(async (job) => (await billing.getJob(job.id!))!));
    // Both runs happened (one in each worker or both in one): they shared the trials between them.
    expect(ran.reduce((sum, job) => sum + (job.returnvalue as number), 0)).toBe(TRIALS);

    expect(await db.trial.count({ where: { id: { in: trialIds }, status: "expired" } })).toBe(TRIALS);
    const expiredEmails = await db.emailLog.groupBy({
      by: ["dedupeKey"],
      where: { OR: trialIds.map((id) => ({ dedupeKey: { startsWith: `trial:${id}:expired` } })) },
      _count: true,
    });
    expect(expiredEmails).toHaveLength(TRIALS);
    expect(expiredEmails.every((row) => row._count === 1)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "trial.expired", entityId: { in: trialIds } } })).toBe(
      TRIALS,
    );
  }, 150_000);
});
