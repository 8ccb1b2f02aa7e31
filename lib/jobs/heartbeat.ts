import { hostname } from "node:os";
import { db } from "@/lib/db";

/** A worker counts as alive while its last beat is younger than three intervals. */
export const HEARTBEAT_STALE_MS = 90_000;

export type WorkerIdentity = { workerId: string; hostname: string; pid: number; startedAt: Date };

export function currentWorkerIdentity(startedAt: Date): WorkerIdentity {
  return { workerId: `${hostname()}:${process.pid}`, hostname: hostname(), pid: process.pid, startedAt };
}

export async function recordHeartbeat(worker: WorkerIdentity, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId: worker.workerId },
    create: { ...worker, beatAt: now },
    update: { beatAt: now },
  });
}

export async function getWorkerStatus(now = new Date()) {
  const latest = await db.workerHeartbeat.findMany({ orderBy: { beatAt: "desc" }, take: 5 });
  const alive = latest.filter((w) => now.getTime() - w.beatAt.getTime() < HEARTBEAT_STALE_MS);
  return {
    lastBeatAt: latest[0]?.beatAt ?? null,
    alive: alive.length > 0,
    workers: alive.map((w) => ({ workerId: w.workerId, startedAt: w.startedAt, beatAt: w.beatAt })),
  };
}
