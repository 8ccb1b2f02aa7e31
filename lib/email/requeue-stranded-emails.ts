import { db } from "@/lib/db";
import { getQueue, queueConnection } from "@/lib/jobs/queues";
import { queueEmailJobs } from "./queue-email";

/** Longer than any producer takes between recording an email and queueing it. */
const STRANDED_AFTER_MS = 10 * 60_000;
/** Older news is no longer worth sending (a reminder for a trial long over); such emails stay in the log as they are. */
const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const BATCH = 5_000;

/**
 * Queues again every email of the last day still waiting well after it was recorded and without a
 * job: one whose producer crashed, or lost Redis, between recording and queueing it would otherwise
 * never go out. Emails whose job exists (waiting in a long queue, or delayed for a retry) are left
 * alone; queueing one twice would not send it twice anyway (one job per id).
 */
export async function requeueStrandedEmails(now = new Date()): Promise<number> {
  let requeued = 0;
  let after = "";
  for (;;) {
    const logs = await db.emailLog.findMany({
      where: {
        status: "queued",
        createdAt: {
          lt: new Date(now.getTime() - STRANDED_AFTER_MS),
          gte: new Date(now.getTime() - GIVE_UP_AFTER_MS),
        },
        id: { gt: after },
      },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (logs.length === 0) return requeued;
    const queue = getQueue("email");
    await queue.waitUntilReady();
    const exists = await queueConnection("email")
      .pipeline(logs.map((log) => ["exists", queue.toKey(`email-${log.id}`)]))
      .exec();
    const stranded = logs.filter((_, i) => exists?.[i]?.[1] === 0).map((log) => log.id);
    await queueEmailJobs(stranded);
    requeued += stranded.length;
    after = logs[logs.length - 1].id;
  }
}
