import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getQueue, closeQueues } from "@/lib/jobs/queues";
import { waitForExit } from "@/lib/devservices/child-process";
import { until } from "./setup/until";

const started: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  return child;
}

afterAll(async () => {
  for (const child of started) child.kill("SIGKILL");
  await closeQueues();
});

describe("worker", () => {
  it("beats at start, registers its schedules once however many workers start, and stops cleanly on SIGTERM", async () => {
    const first = startWorker();
    const second = startWorker();
    const beats = await until(async () => {
      const rows = await db.workerHeartbeat.findMany({ where: { pid: { in: [first.pid!, second.pid!] } } });
      return rows.length === 2 && rows;
    }, 20_000);
    expect(beats.map((b) => b.pid).sort()).toEqual([first.pid, second.pid].sort());

    const schedulers = [
      ...(await getQueue("maintenance").getJobSchedulers()),
      ...(await getQueue("billing").getJobSchedulers()),
      ...(await getQueue("anomalies").getJobSchedulers()),
      ...(await getQueue("reviews").getJobSchedulers()),
      ...(await getQueue("health").getJobSchedulers()),
      ...(await getQueue("webhooks").getJobSchedulers()),
    ];
    expect(Object.fromEntries(schedulers.map((s) => [s.key, s.every ?? s.pattern]))).toEqual({
      "worker-heartbeat": 30_000,
      "flush-rate-limit-stats": 60_000,
      "requeue-stranded-emails": 600_000,
      "prune-expired-records": "30 3 * * *",
      "send-trial-reminders": "5 * * * *",
      "expire-trials": "0 * * * *",
      "retry-failed-payments": 300_000,
      "detect-anomalies": 900_000,
      "decide-review-items": 60_000,
      "recommend-suspensions": "0 2 * * *",
      "check-document-expiry": "0 6 * * *",
      "analyze-usage": "30 4 * * *",
      "send-api-key-digest": "0 8 * * 1",
      "sweep-webhooks": 30_000,
    });

    let output = "";
    first.stdout!.on("data", (chunk) => (output += chunk));
    first.kill("SIGTERM");
    await waitForExit(first);
    expect(first.exitCode).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');
    second.kill("SIGTERM");
    await waitForExit(second);
    expect(second.exitCode).toBe(0);
  }, 60_000);
});
