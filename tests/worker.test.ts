import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getQueue, closeQueues } from "@/lib/jobs/queues";
import { waitForExit } from "@/lib/devservices/child-process";
import { startRedis } from "@/lib/devservices/redis";
import { findFreePort } from "@/lib/devservices/free-port";
import { until } from "./setup/until";

const started: ChildProcess[] = [];

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
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

  it("while Redis is down logs one line for the outage, not one per retry, and one when it answers again", async () => {
    // A Redis of this test's own, so stopping it leaves the other files' alone.
    const dataDir = mkdtempSync(join(tmpdir(), "steward-worker-outage-"));
    const port = await findFreePort();
    let redis = await startRedis({ dataDir, port });
    const worker = startWorker({ REDIS_URL: redis.url });
    let output = "";
    worker.stdout!.on("data", (chunk) => (output += chunk));
    worker.stderr!.on("data", (chunk) => (output += chunk));
    try {
      await until(() => output.includes('"msg":"worker started"'), 20_000, "the worker");
      await redis.stop();
      await new Promise((r) => setTimeout(r, 8_000));
      const duringOutage = output.split("\n").filter((line) => /"level":(40|50)|Error|at /.test(line));
      expect(duringOutage, output).toHaveLength(1);
      expect(duringOutage[0]).toContain("Redis is not answering; retrying with backoff");

      redis = await startRedis({ dataDir, port });
      await until(() => output.includes("Redis answers again"), 20_000, "the recovery line");
    } finally {
      worker.kill("SIGTERM");
      await waitForExit(worker);
      await redis.stop();
    }
  }, 90_000);
});
