// npm run dev: the whole product from one command. Starts PostgreSQL and Redis when no
// DATABASE_URL / REDIS_URL is set (and a mail catcher and a demo billing endpoint when no SMTP_URL /
// BILLING_WEBHOOK_URL is), migrates, seeds demo data once, runs the web app, the worker and the
// rate-limit decision server, and stops everything on Ctrl-C (within 10 s, whatever is dead). A crashed
// worker or decision server is restarted with backoff; a PostgreSQL or Redis that stops answering is
// reported within 5 s. `--prod` serves a `next build` instead of the dev server.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadEnvFileIfPresent } from "@/lib/devservices/env-file";
import { ensureLocalSecrets } from "@/lib/devservices/local-secrets";
import { startBackingServices, type BackingServices } from "@/lib/devservices/backing-services";
import { stopChild } from "@/lib/devservices/child-process";
import { superviseChild, type SupervisedChild } from "@/lib/devservices/supervise-child";
import { watchServices } from "@/lib/devservices/watch-services";
import { runMigrations } from "@/lib/migrations/run-migrations";
import { startMailCatcher, type RunningMailCatcher } from "@/lib/devservices/mail-catcher";
import {
  providerCatcherEnv,
  startProviderCatcher,
  type RunningProviderCatcher,
} from "@/lib/devservices/provider-catcher";
import { findFreePort } from "@/lib/devservices/free-port";
import {
  startDemoBillingEndpoint,
  type RunningBillingEndpoint,
} from "@/lib/devservices/demo-billing-endpoint";

const { values: args } = parseArgs({
  options: {
    prod: { type: "boolean", default: false },
    port: { type: "string" },
    "data-dir": { type: "string" },
  },
});

loadEnvFileIfPresent();
const port = Number(args.port ?? process.env.PORT ?? 3000);
const dataDir = resolve(args["data-dir"] ?? process.env.STEWARD_DATA_DIR ?? ".data");
const log = (line: string) => console.log(`[steward] ${line}`);

let services: BackingServices | undefined;
let mailCatcher: RunningMailCatcher | undefined;
let providerCatcher: RunningProviderCatcher | undefined;
let billingEndpoint: RunningBillingEndpoint | undefined;
const children: ChildProcess[] = [];
const supervised: SupervisedChild[] = [];
let watcher: { stop(): void } | undefined;
let stopping = false;

// Ctrl-C must stop everything within 10 s whatever is dead or frozen (a worker waiting on a dead
// Redis never finishes its jobs), so each step has a budget and SIGKILL ends what overruns it:
// a job cut short is retried as stalled, and PostgreSQL recovers from its WAL.
const CHILD_GRACE_MS = 5_000;
const SERVICE_GRACE_MS = 3_000;
const SHUTDOWN_LIMIT_MS = 9_500;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("Stopping…");
  setTimeout(() => {
    log("Stopping took too long; exiting.");
    process.exit(code);
  }, SHUTDOWN_LIMIT_MS).unref();
  watcher?.stop();
  for (const child of supervised) child.giveUp();
  const running = [...children, ...supervised.map((s) => s.current())].filter(
    (child): child is ChildProcess => child !== undefined,
  );
  // Web and worker first (the worker finishes its active jobs if it can), then the stores they use.
  await Promise.all(running.map((child) => stopChild(child, "SIGTERM", CHILD_GRACE_MS, true)));
  await Promise.all([
    mailCatcher?.stop(),
    providerCatcher?.stop(),
    billingEndpoint?.stop(),
    services?.stop(SERVICE_GRACE_MS),
  ]);
  log("Stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/** Runs the web app in its own process group so Ctrl-C reaches it only through us; without it nothing works, so its exit stops everything. */
function runWeb(command: string, commandArgs: string[]) {
  const child = spawn(command, commandArgs, { stdio: "inherit", detached: true, env: process.env });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[steward] web exited (${signal ?? `code ${code}`}); stopping everything.`);
    void shutdown(1);
  });
  children.push(child);
}

try {
  ensureLocalSecrets(dataDir);
  services = await startBackingServices({
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    log,
  });
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED ||= "1";
  process.env.RATE_LIMIT_PORT ||= String(port + 1);

  const applied = await runMigrations({ databaseUrl: services.databaseUrl, log });
  log(applied.length ? `Applied ${applied.length} migration(s)` : "Database schema is up to date");

  // Demo users have published passwords: only a database this launcher created gets them.
  const { ensureDefaultTemplates } = await import("@/lib/email/default-templates");
  await ensureDefaultTemplates();

  process.env.STEWARD_DOCUMENTS_DIR ||= resolve(dataDir, "documents");
  // A development install's webhook receivers usually run on this machine.
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS ||= "true";

  if (!process.env.SMTP_URL) {
    process.env.STEWARD_OUTBOX_DIR ||= resolve(dataDir, "outbox");
    mailCatcher = await startMailCatcher({ port: await findFreePort(), dir: process.env.STEWARD_OUTBOX_DIR });
    process.env.SMTP_URL = mailCatcher.url;
    log(
      `No SMTP_URL: mail is caught by a local SMTP server (${mailCatcher.url}); read it under Settings > Outbox`,
    );
  }

  if (!process.env.TWILIO_ACCOUNT_SID && !process.env.PAGERDUTY_ROUTING_KEY) {
    process.env.STEWARD_PROVIDER_OUTBOX_DIR ||= resolve(dataDir, "provider-outbox");
    providerCatcher = await startProviderCatcher({
      port: await findFreePort(),
      dir: process.env.STEWARD_PROVIDER_OUTBOX_DIR,
    });
    // Channels the owner set up (a real Slack room) keep their URL; the rest are caught.
    for (const [name, value] of Object.entries(providerCatcherEnv(providerCatcher)))
      process.env[name] ||= value;
    log(
      `No TWILIO_ACCOUNT_SID: SMS, PagerDuty and chat alerts are caught locally (${providerCatcher.url}); read them under Settings > Outbox`,
    );
  }

  if (!process.env.BILLING_WEBHOOK_URL) {
    billingEndpoint = await startDemoBillingEndpoint(await findFreePort());
    process.env.BILLING_WEBHOOK_URL = billingEndpoint.url;
    process.env.BILLING_WEBHOOK_SECRET = billingEndpoint.secret;
    log(
      `No BILLING_WEBHOOK_URL: dunning retries go to a demo billing endpoint (${billingEndpoint.url}) that lets about half succeed`,
    );
  }

  const { seedDemoOnce } = await import("@/lib/seed/seed-demo-once");
  if (services.started.includes("postgres")) await seedDemoOnce(log);

  const webArgs = ["--import", "tsx", "scripts/web-server.ts", "--port", String(port)];
  runWeb(process.execPath, args.prod ? webArgs : [...webArgs, "--dev"]);
  const restartLog = (line: string) => console.error(`[steward] ${line}`);
  supervised.push(
    superviseChild("worker", process.execPath, ["--import", "tsx", "worker/index.ts"], restartLog),
    superviseChild(
      "rate-limit decisions",
      process.execPath,
      ["--import", "tsx", "scripts/ratelimit-server.ts"],
      restartLog,
    ),
  );
  watcher = watchServices(
    [
      { name: "PostgreSQL", url: services.databaseUrl },
      { name: "Redis", url: services.redisUrl },
    ],
    restartLog,
  );

  const { DEMO_USERS, demoPassword } = await import("@/lib/seed/seed-demo");
  log(`Steward is starting at ${process.env.NEXTAUTH_URL}`);
  log(
    `Rate-limit decisions for gateways: http://localhost:${process.env.RATE_LIMIT_PORT}/api/v1/ratelimit/check`,
  );
  if (services.started.includes("postgres"))
    for (const user of DEMO_USERS) log(`  ${user.role.padEnd(8)} ${user.email} / ${demoPassword(user)}`);
  else log("  Sign in with your own users (npm run user:create).");
  log("Press Ctrl-C to stop.");
} catch (error) {
  console.error(`[steward] Could not start: ${(error as Error).message}`);
  await shutdown(1);
}
