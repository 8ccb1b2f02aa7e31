import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getQueue, type QueueName } from "../queues";
import { queueNameSchema } from "./schemas";

const input = z.object({ queue: queueNameSchema });

async function audit(actor: Actor, action: string, queue: QueueName) {
  await db.$transaction((tx) => recordAudit(tx, actor, { action, entityType: "queue", entityId: queue }));
}

/** Workers stop taking new jobs from a paused queue; jobs keep arriving and wait. */
export const pauseQueue = defineAction({
  name: "queues.pause",
  roles: ["OWNER"],
  input,
  async run(actor, { queue }) {
    await getQueue(queue).pause();
    await audit(actor, "queue.paused", queue);
    return { queue };
  },
});

export const resumeQueue = defineAction({
  name: "queues.resume",
  roles: ["OWNER"],
  input,
  async run(actor, { queue }) {
    await getQueue(queue).resume();
    await audit(actor, "queue.resumed", queue);
    return { queue };
  },
});
