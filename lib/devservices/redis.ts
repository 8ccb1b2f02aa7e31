import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { stopChild, waitForOutput } from "./child-process";

/** `stop` waits `graceMs` (default 10 s) for a clean exit before SIGKILL. */
export type RunningRedis = { url: string; port: number; pid: number; stop(graceMs?: number): Promise<void> };

export const REDIS_INSTALL_HINT = [
  "redis-server was not found on PATH. Install it with:",
  "  sudo apt-get install -y redis-server   (Debian, Ubuntu)",
  "  brew install redis                     (macOS with Homebrew)",
  "or point Steward at an existing Redis with REDIS_URL=redis://host:6379.",
].join("\n");

export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Starts `redis-server` on 127.0.0.1:`port` with an append-only file under `dataDir`,
 * so queued jobs survive a restart like they would on a production Redis.
 */
export async function startRedis(options: { dataDir: string; port: number }): Promise<RunningRedis> {
  if (!redisServerAvailable()) throw new Error(REDIS_INSTALL_HINT);
  mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(options.port),
      "--bind",
      "127.0.0.1",
      "--dir",
      options.dataDir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--daemonize",
      "no",
    ],
    // Own process group: a terminal's Ctrl-C reaches only the launcher, which stops Redis after its clients.
    { detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  await waitForOutput(child, "Ready to accept connections", 15_000, "Redis");
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    port: options.port,
    pid: child.pid!,
    url: `redis://127.0.0.1:${options.port}`,
    stop: (graceMs = 10_000) => stopChild(child, "SIGTERM", graceMs),
  };
}
