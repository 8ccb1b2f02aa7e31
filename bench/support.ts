// What every benchmark shares: throwaway backing services, timing, a table, and a clean exit.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { startBackingServices, type BackingServices } from "@/lib/devservices/backing-services";
import { runMigrations } from "@/lib/migrations/run-migrations";

/** Steps undone when the bench ends, newest first. */
export type Cleanups = (() => Promise<void>)[];

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/**
 * A migrated PostgreSQL and a Redis in a temp dir (pass `redisUrl` to start PostgreSQL only),
 * stopped and removed by the clean-up, and the environment lib/env reads on first use: import
 * app modules only after this.
 */
export async function startBenchServices(
  cleanups: Cleanups,
  options: { redisUrl?: string } = {},
): Promise<BackingServices> {
  const dataDir = mkdtempSync(join(tmpdir(), "steward-bench-"));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  // PostgreSQL runs as its own system user when we are root; it must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const services = await startBackingServices({
    dataDir,
    redisUrl: options.redisUrl,
    log: (line) => console.log(line),
  });
  cleanups.push(() => services.stop());
  await runMigrations({ databaseUrl: services.databaseUrl, dir: MIGRATIONS_DIR });
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.STEWARD_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.LOG_LEVEL ??= "silent";
  return services;
}

/** A plain pg connection for bulk set-up writes (Prisma's createMany is far slower), closed by the clean-up. */
export async function connectWriter(databaseUrl: string, cleanups: Cleanups): Promise<pg.Client> {
  const writer = new pg.Client({ connectionString: databaseUrl });
  // On Ctrl-C PostgreSQL gets the signal too and drops this connection; without a listener that
  // would crash the script before it cleans up. Errors during a query still reject that query.
  writer.on("error", () => {});
  await writer.connect();
  cleanups.push(() => writer.end());
  return writer;
}

/** Runs `work` timed, with this process's resident memory sampled every 20 ms. */
export async function timedWithPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const start = performance.now();
  try {
    const result = await work();
    return {
      result,
      seconds: (performance.now() - start) / 1000,
      peakRssMb: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

export type Stats = { median: number; p95: number };

/** Milliseconds per run, after warm-up runs that are not counted. */
export async function measure(
  run: () => Promise<unknown>,
  runs: { warmup: number; timed: number },
): Promise<Stats> {
  for (let i = 0; i < runs.warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs.timed; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const sorted = samples.sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { median: rank(0.5), p95: rank(0.95) };
}

/** A text table: the first column left-aligned, the others right-aligned. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(format(row));
}

/**
 * Runs a bench and exits: 0 when it ran (a missed target is reported, not failed), 1 if it threw.
 * The clean-ups run once, on success, error or Ctrl-C.
 */
export async function runBench(main: (cleanups: Cleanups) => Promise<void>): Promise<never> {
  const cleanups: Cleanups = [];
  let cleaningUp: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaningUp ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        await cleanup().catch((error: unknown) =>
          console.error(`Clean-up step failed: ${(error as Error).message}`),
        );
      }
    })());
  let interrupted = false;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping the backing services and removing the temp dir…`);
      void cleanUp().finally(() => process.exit(code));
    });
  }
  let exitCode = 0;
  try {
    await main(cleanups);
  } catch (error) {
    // After a signal, the work cut short by the clean-up fails; that is not worth reporting.
    if (!interrupted) console.error(`\nBenchmark failed: ${(error as Error).stack ?? error}`);
    exitCode = 1;
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
}

export type Statement = { text: string; values: unknown[]; ms: number };

/**
 * Hands every statement pg's Client#query runs while `recording()` to `record`, with the client that
 * ran it and its time. Prisma's adapter runs every statement through it (BEGIN and COMMIT included),
 * so a bench sees where a pass spends its time.
 */
export function interceptStatements(
  recording: () => boolean,
  record: (client: object, statement: Statement) => void,
): void {
  const query = pg.Client.prototype.query as (...args: unknown[]) => Promise<unknown> | undefined;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as { text?: string; values?: unknown[] } | undefined;
    if (!recording() || typeof config?.text !== "string") return query.apply(this, args);
    const text = config.text;
    const start = performance.now();
    const done = () =>
      record(this, {
        text,
        values: config.values ?? (Array.isArray(args[1]) ? args[1] : []),
        ms: performance.now() - start,
      });
    // The pool passes a callback (and gets no promise back); a transaction's client awaits a promise.
    const callback = args[args.length - 1];
    if (typeof callback === "function")
      return query.apply(this, [
        ...args.slice(0, -1),
        (error: unknown, result: unknown) => (done(), callback(error, result)),
      ]);
    const result = query.apply(this, args);
    void result?.then(done, () => {});
    return result;
  } as typeof pg.Client.prototype.query;
}
