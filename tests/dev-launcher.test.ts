import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { until } from "./setup/until";
import { findFreePort } from "@/lib/devservices/free-port";
import { waitForExit } from "@/lib/devservices/child-process";

const dataDir = mkdtempSync(join(tmpdir(), "steward-launcher-"));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every process below `pid`, found through the parent links in `ps`. */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (parent: number) =>
    rows.filter(([, ppid]) => ppid === parent).forEach(([child]) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}

/** Running, as opposed to gone or a zombie waiting for init to reap it. */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
};

/** The command line of a process, or "" once it is gone. */
const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

/** The launcher's descendant whose command line contains `text`. */
const processRunning = (launcherPid: number, text: string) =>
  descendants(launcherPid).find((pid) => alive(pid) && commandLine(pid).includes(text));

type Running = { pid: number; output: () => string };

/**
 * Starts `npm run dev`'s launcher on an empty environment, waits until ready, runs `whileReady`,
 * then presses Ctrl-C.
 */
async function launchAndStop(port: number, whileReady?: (launcher: Running) => Promise<void>) {
  // Its own Next build directory, so a developer's running `npm run dev` does not block this one.
  const env = {
    ...process.env,
    PORT: String(port),
    RATE_LIMIT_PORT: String(await findFreePort()),
    STEWARD_DATA_DIR: dataDir,
    STEWARD_NEXT_DIST_DIR: ".next-launcher-test",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  for (const name of [
    "DATABASE_URL",
    "REDIS_URL",
    "NEXTAUTH_SECRET",
    "NEXTAUTH_URL",
    "STEWARD_ENCRYPTION_KEY",
    "STEWARD_QUEUE_PREFIX",
  ])
    delete (env as Record<string, string | undefined>)[name];
  // Its own process group, like a terminal's foreground job, so Ctrl-C can go to the whole group.
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts"], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  launcher.stdout!.on("data", (chunk) => (output += chunk));
  launcher.stderr!.on("data", (chunk) => (output += chunk));

  const deadline = Date.now() + 120_000;
  let ready: { status: number; body: unknown } | undefined;
  while (!ready && Date.now() < deadline && launcher.exitCode === null) {
    const response = await fetch(`http://127.0.0.1:${port}/api/health/ready`).catch(() => null);
    if (response?.status === 200) ready = { status: 200, body: await response.json() };
    else await new Promise((r) => setTimeout(r, 500));
  }
  if (ready && whileReady) await whileReady({ pid: launcher.pid!, output: () => output });
  const children = descendants(launcher.pid!);
  const stopping = Date.now();
  if (launcher.exitCode === null) process.kill(-launcher.pid!, "SIGINT");
  await waitForExit(launcher);
  return { ready, output, children, exitCode: launcher.exitCode, stopMs: Date.now() - stopping };
}

describe("npm run dev", () => {
  it("starts from nothing, answers ready, stops every child on Ctrl-C, and keeps its data for the next start", async () => {
    const first = await launchAndStop(await findFreePort());
    expect(first.ready, first.output).toMatchObject({ status: 200, body: { status: "ready" } });
    expect(first.output).toContain("Seeded demo data: 2 users, 300 tenants");
    expect(first.output).toMatch(/OWNER\s+owner@steward\.local \/ steward-owner-demo/);
    expect(first.output).toContain("dunning retries go to a demo billing endpoint");
    expect(first.exitCode).toBe(0);
    expect(first.children.length).toBeGreaterThan(3);
    expect(first.children.filter(alive)).toEqual([]);

    const second = await launchAndStop(await findFreePort());
    expect(second.ready, second.output).toMatchObject({ status: 200 });
    expect(second.output).toContain("Database schema is up to date");
    expect(second.output).not.toContain("Seeded demo data");
    expect(second.children.filter(alive)).toEqual([]);
  }, 300_000);

  it("restarts a crashed worker with a message, reports a dead Redis within 5 s, and still stops within 10 s", async () => {
    const run = await launchAndStop(await findFreePort(), async ({ pid, output }) => {
      const worker = await until(() => processRunning(pid, "worker/index.ts"), 20_000, "the worker");
      process.kill(worker, "SIGKILL");
      await until(
        () => output().includes("worker exited (SIGKILL); restarting it in 1 s."),
        5_000,
        "the restart message",
      );
      const restarted = await until(() => processRunning(pid, "worker/index.ts"), 20_000, "a new worker");
      expect(restarted).not.toBe(worker);

      const redis = processRunning(pid, "redis-server")!;
      process.kill(redis, "SIGKILL");
      const killedAt = Date.now();
      await until(() => output().includes("Redis is not answering at"), 5_000, "the dead Redis report");
      expect(Date.now() - killedAt).toBeLessThan(5_000);
    });
    expect(run.ready, run.output).toMatchObject({ status: 200 });
    expect(run.stopMs, run.output).toBeLessThan(10_000);
    expect(run.children.filter(alive)).toEqual([]);
  }, 300_000);
});
