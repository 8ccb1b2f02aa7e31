import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { getQueue, QUEUES, type QueueName } from "../queues";
import { getJobOrThrow } from "./find-job";
import { jobRefSchema, queueNameSchema } from "./schemas";
import { z } from "zod";

async function audit(
  actor: Actor,
  action: string,
  entityId: string,
  after?: Record<string, string | number>,
) {
  await db.$transaction((tx) => recordAudit(tx, actor, { action, entityType: "job", entityId, after }));
}

/** Sends a failed job back to the queue with a fresh set of attempts. */
export const retryJob = defineAction({
  name: "jobs.retry",
  roles: ["OWNER"],
  input: jobRefSchema,
  async run(actor, { id }) {
    const { job } = await getJobOrThrow(id);
    if ((await job.getState()) !== "failed")
      throw new AppError("CONFLICT", "Only a failed job can be retried.");
    await job.retry("failed", { resetAttemptsMade: true });
    await audit(actor, "job.retried", id);
    return { id };
  },
});

/** Removes a job for good: for failures nobody wants retried. */
export const discardJob = defineAction({
  name: "jobs.discard",
  roles: ["OWNER"],
  input: jobRefSchema,
  async run(actor, { id }) {
    const { job } = await getJobOrThrow(id);
    if ((await job.getState()) === "active")
      throw new AppError("CONFLICT", "A running job cannot be discarded.");
    await job.remove();
    await audit(actor, "job.discarded", id, { name: job.name });
    return { id, name: job.name, queue: job.queueName };
  },
});

/** Retries every failed job of one queue, or of all queues. */
export const retryAllFailed = defineAction({
  name: "jobs.retryAllFailed",
  roles: ["OWNER"],
  input: z.object({ queue: queueNameSchema.optional() }),
  async run(actor, { queue }) {
    const names = queue ? [queue] : (Object.keys(QUEUES) as QueueName[]);
    let retried = 0;
    for (const name of names) {
      const failed = await getQueue(name).getFailed();
      for (const job of failed) {
        await job.retry("failed", { resetAttemptsMade: true });
        retried++;
      }
    }
    await audit(actor, "jobs.retriedAllFailed", queue ?? "all", { retried });
    return { retried };
  },
});
