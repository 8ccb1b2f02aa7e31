import { db } from "@/lib/db";
import { queueEmailJobs } from "./queue-email";

/** Longer than any producer takes between recording an email and queueing it. */
const STRANDED_AFTER_MS = 10 * 60_000;
const BATCH = 5_000;

/**
 * Queues again every email still waiting well after it was recorded: one whose producer crashed,
 * or lost Redis, between recording and queueing it would otherwise never go out. An email whose
 * job exists is unaffected (BullMQ keeps one job per id), so this is safe to run at any time.
 */
export async function requeueStrandedEmails(now = new Date()): Promise<number> {
  let requeued = 0;
  let after = "";
  for (;;) {
    const logs = await db.emailLog.findMany({
      where: { status: "queued", createdAt: { lt: new Date(now.getTime() - STRANDED_AFTER_MS) }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (logs.length === 0) return requeued;
    await queueEmailJobs(logs.map((log) => log.id));
    requeued += logs.length;
    after = logs[logs.length - 1].id;
  }
}
