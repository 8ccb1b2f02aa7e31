import { execFile, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { stopChild, waitForOutput } from "./child-process";
import { findFreePort } from "./free-port";
import { REDIS_INSTALL_HINT, redisServerAvailable } from "./redis";

export type RunningRedisCluster = {
  /** For REDIS_CLUSTER_NODES: `127.0.0.1:port,…`. */
  nodes: string;
  ports: number[];
  stop(): Promise<void>;
};

const run = promisify(execFile);

/**
 * A real Redis Cluster of `masters` masters (no replicas) on free loopback ports, each node in its
 * own folder under `dataDir`, without persistence: for tests and the bench, ready in a second or two.
 */
export async function startRedisCluster(options: {
  dataDir: string;
  masters?: number;
}): Promise<RunningRedisCluster> {
  if (!redisServerAvailable()) throw new Error(REDIS_INSTALL_HINT);
  const ports = await Promise.all(Array.from({ length: options.masters ?? 3 }, () => findFreePort()));
  const children = await Promise.all(
    ports.map(async (port) => {
      const dir = join(options.dataDir, String(port));
      mkdirSync(dir, { recursive: true });
      const child = spawn(
        "redis-server",
        [
          ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
          ...["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"],
          ...["--save", "", "--appendonly", "no", "--daemonize", "no"],
        ],
        { detached: true, stdio: ["ignore", "pipe", "pipe"] },
      );
      await waitForOutput(child, "Ready to accept connections", 15_000, "Redis cluster node");
      child.stdout?.resume();
      child.stderr?.resume();
      return child;
    }),
  );
  const stop = async () => void (await Promise.all(children.map((c) => stopChild(c, "SIGTERM", 5_000))));
  try {
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
    // The nodes agree on the slots a moment after `create` returns.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const states = await Promise.all(
        ports.map((port) => run("redis-cli", ["-p", String(port), "cluster", "info"]).then((r) => r.stdout)),
      );
      if (states.every((info) => info.includes("cluster_state:ok"))) break;
      if (Date.now() > deadline) throw new Error(`The Redis cluster did not become ready:\n${states[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { nodes: addresses.join(","), ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
