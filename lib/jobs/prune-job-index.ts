import { db } from "@/lib/db";

/** Finished jobs stay searchable this long; BullMQ itself keeps far fewer. */
export const JOB_INDEX_RETENTION_DAYS = 14;
const BATCH = 1_000;

/**
 * Deletes index rows of jobs that finished before the retention window, a batch at a time so the
 * table is never locked for long, reporting progress (0–100) after each batch.
 */
export async function pruneJobIndex(onProgress: (percent: number) => Promise<void>, now = new Date()): Promise<{ deleted: number }> {
  const cutoff = new Date(now.getTime() - JOB_INDEX_RETENTION_DAYS * 86_400_000);
  const total = await db.jobRecord.count({ where: { finishedAt: { lt: cutoff } } });
  let deleted = 0;
  await onProgress(0);
  while (deleted < total) {
    const batch = await db.jobRecord.findMany({ where: { finishedAt: { lt: cutoff } }, select: { id: true }, take: BATCH });
    if (batch.length === 0) break;
    deleted += (await db.jobRecord.deleteMany({ where: { id: { in: batch.map((r) => r.id) } } })).count;
    await onProgress(Math.min(100, Math.round((deleted / total) * 100)));
  }
  await onProgress(100);
  return { deleted };
}
