import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/jobs/queues";
import { waitForExit } from "@/lib/devservices/child-process";
import { watchQueues, watchWorkerHeartbeat, WORKER_DOWN_AFTER_MS } from "@/lib/alerts/watch-the-watcher";
import { until } from "./setup/until";

const started: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
  started.push(child);
  return child;
}

afterAll(async () => {
  for (const child of started) child.kill("SIGKILL");
  await closeQueues();
});

const beatOf = (pid: number) =>
  until(() => db.workerHeartbeat.findFirst({ where: { pid } }), 30_000, "the worker's first heartbeat");

const openAlerts = (prefix: string) =>
  db.notification.findMany({ where: { dedupeKey: { startsWith: prefix }, resolvedAt: null } });

describe("watching the worker from the web app", () => {
  it("raises 'worker down' within 2 minutes of the worker being killed, and clears it when one beats again", async () => {
    expect(await watchWorkerHeartbeat(new Date())).toBe("never-started");

    const worker = startWorker();
    const beat = await beatOf(worker.pid!);
    worker.kill("SIGKILL");
    await waitForExit(worker);

    // The clock steps on from the last beat, without waiting two real minutes.
    const at = (ms: number) => new Date(beat.beatAt.getTime() + ms);
    expect(await watchWorkerHeartbeat(at(WORKER_DOWN_AFTER_MS - 1_000))).toBe("up");
    expect(await openAlerts("worker-down:")).toEqual([]);
    expect(await watchWorkerHeartbeat(at(WORKER_DOWN_AFTER_MS))).toBe("down");
    expect(await watchWorkerHeartbeat(at(WORKER_DOWN_AFTER_MS + 60_000))).toBe("down");
    const [down] = await openAlerts("worker-down:");
    expect(down).toMatchObject({
      title: "Worker down",
      alertClass: "worker_down",
      urgent: true,
      severity: "critical",
    });
    expect(await openAlerts("worker-down:")).toHaveLength(1);

    const restarted = startWorker();
    await beatOf(restarted.pid!);
    expect(await watchWorkerHeartbeat(new Date())).toBe("up");
    expect(await openAlerts("worker-down:")).toEqual([]);
    expect(await db.notification.findUniqueOrThrow({ where: { id: down.id } })).toMatchObject({
      acknowledgedVia: "steward",
      nextEscalationAt: null,
    });
    restarted.kill("SIGTERM");
    await waitForExit(restarted);
  }, 90_000);

  it("raises 'queue stuck' when a queue's oldest waiting job is older than its interval, and clears it", async () => {
    const queue = getQueue("imports");
    const job = await queue.add("import-tenants", { importId: "stuck" });
    const queued = new Date(job.timestamp);

    expect(await watchQueues(new Date(queued.getTime() + 30 * 60_000))).toEqual([]);
    expect(await watchQueues(new Date(queued.getTime() + 61 * 60_000))).toEqual(["imports"]);
    expect(await watchQueues(new Date(queued.getTime() + 62 * 60_000))).toEqual(["imports"]);
    const stuck = await openAlerts("queue-stuck:imports:");
    expect(stuck.map((n) => n.title)).toEqual(["Queue stuck: imports"]);

    await job.remove();
    expect(await watchQueues(new Date(queued.getTime() + 63 * 60_000))).toEqual([]);
    expect(await openAlerts("queue-stuck:")).toEqual([]);
  });
});
