// npx tsx bench/ratelimit.ts: how many rate-limit decisions per second, at what latency, compared
// with rate-limiter-flexible's RateLimiterRedis on the same Redis at the same concurrency?
// In process: Steward's `createRateLimiter(...).check({ tenant, ip })` (input validation, rules
// cache, one Lua script: minute/hour/day sliding windows, bans, statistics) against
// `RateLimiterRedis.consume(ip)` (one fixed window), and for like-for-like windows a
// `RateLimiterUnion` of minute, hour and day limiters; alternating runs, each decision timed.
// Over HTTP (loopback, autocannon): POST /api/v1/ratelimit/check on the decision server
// (`npm run ratelimit:serve`) and on `next start` (API key, JSON body), and for context a bare
// node:http server around `consume` in a child process of its own.
// Targets: in process at least as fast as rate-limiter-flexible; over HTTP ≥ 2,000 decisions/s
// with p99 < 20 ms. A report: exits 0 whether or not the targets are met, 1 only if something throws.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterUnion } from "rate-limiter-flexible";
import { stopChild, waitForOutput } from "@/lib/devservices/child-process";
import { findFreePort } from "@/lib/devservices/free-port";
import { printTable, runBench, startBenchServices, type Cleanups } from "./support";

/** Both sides run this many decisions at once (like concurrent requests in one web process). */
const CONCURRENCY = 50;
const DECISIONS_PER_RUN = 20_000;
const WARMUP_DECISIONS = 5_000;
/** Runs per side, alternated, so neither always gets the warmer Redis; figures are medians. */
const TIMED_RUNS = 5;
/** 1,000 client addresses from the benchmarking range (RFC 2544), so both sides touch many keys. */
const IPS = Array.from({ length: 1_000 }, (_, i) => `198.18.${i >> 8}.${i & 255}`);
/** Per minute, the schema's maximum: nothing is denied during the run (the hour and day likewise). */
const LIMITS = { perMinute: 10_000_000, perHour: 100_000_000, perDay: 1_000_000_000 };
const SLUG = "bench-tenant";
/** autocannon connections tried over HTTP, and seconds of load per figure (after a warm-up). */
const HTTP_CONNECTIONS = [20, 50];
const HTTP_SECONDS = 10;
const HTTP_WARMUP_SECONDS = 3;
const HTTP_TARGET = { rate: 2_000, p99Ms: 20 };
const ROOT = fileURLToPath(new URL("..", import.meta.url));

type Run = { rate: number; latencies: number[]; failed: number };

/** `n` decisions from CONCURRENCY loops; a decision that is not a plain "allowed" counts as failed. */
async function runDecisions(n: number, decide: (ip: string) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const ip = IPS[next++ % IPS.length];
        const t = performance.now();
        if (!(await decide(ip))) failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { rate: n / ((performance.now() - start) / 1000), latencies, failed };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function percentile(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
const perSecond = (rate: number) => `${Math.round(rate).toLocaleString("en")}/s`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

// autocannon ships no types (and is CommonJS): loaded with require, typed as the part used here.
type CannonResult = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type CannonRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
type Cannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  requests: {
    setupRequest: (request: CannonRequest) => CannonRequest;
    onResponse: (status: number, body: string) => void;
  }[];
}) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Cannon;

/**
 * Loads `url` with JSON bodies `{ tenant, ip }`, the ip cycling through IPS. `failed` counts
 * non-2xx, errors, timeouts and 200s that are not a plain `"allowed":true`: Steward fails open,
 * so a Redis answer slower than RATE_LIMIT_REDIS_TIMEOUT_MS is a 200 with `"degraded":true`.
 */
async function cannon(url: string, connections: number, seconds: number, headers: Record<string, string>) {
  let next = 0;
  let notAllowed = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ tenant: SLUG, ip: IPS[next++ % IPS.length] }),
        }),
        onResponse: (status, body) =>
          void (
            status === 200 &&
            (!body.includes('"allowed":true') || body.includes('"degraded":true')) &&
            notAllowed++
          ),
      },
    ],
  });
  return { ...result, failed: result.non2xx + result.errors + result.timeouts + notAllowed };
}

/** rate-limiter-flexible behind plain node:http, in its own process so it does not share autocannon's thread. */
const RLFLEX_SERVER = `
const { Redis } = require("ioredis");
const { RateLimiterRedis } = require("rate-limiter-flexible");
const limiter = new RateLimiterRedis({ storeClient: new Redis(process.env.REDIS_URL), points: ${LIMITS.perMinute}, duration: 60, keyPrefix: "rlflex-http" });
require("node:http").createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => limiter.consume(JSON.parse(body).ip).then(() => 200, (e) => (e instanceof Error ? 500 : 429))
    .then((status) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ allowed: status === 200 }))));
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));`;

/** Starts a server process (its own group, so Next's workers go with it) and stops it at clean-up. */
function startServer(cleanups: Cleanups, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  cleanups.push(() => stopChild(child, "SIGTERM", 5_000, true));
  return { child, output: () => output };
}

async function waitForReady(
  url: string,
  server: ReturnType<typeof startServer>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${url}: the server exited:\n${server.output()}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s:\n${server.output()}`);
}

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { createRedis, whenReady } = await import("@/lib/redis");
  const { hashPassword } = await import("@/lib/auth/password");
  const { createTenant } = await import("@/lib/tenants/create-tenant");
  const { updateTenantPolicy } = await import("@/lib/rate-limits/update-policy");
  const { createApiKey } = await import("@/lib/api-keys/create-api-key");
  const { createRateLimiter } = await import("@/lib/rate-limits/rate-limiter");
  const { createRulesCache } = await import("@/lib/rate-limits/rules-cache");
  cleanups.push(() => db.$disconnect());

  // An owner, a tenant whose own limits never deny during the run (auto-ban off), and an API key.
  const user = await db.user.create({
    data: {
      email: "owner@bench.test",
      name: "Bench owner",
      role: "OWNER",
      passwordHash: await hashPassword(randomBytes(16).toString("hex")),
    },
  });
  const actor = { kind: "user" as const, id: user.id, label: user.email, role: user.role };
  const { id: tenantId } = await createTenant.execute(actor, {
    name: "Bench tenant",
    slug: SLUG,
    plan: "pro",
    contactEmail: "ops@bench.test",
    timezone: "UTC",
  });
  await updateTenantPolicy.execute(actor, {
    tenantId,
    enabled: true,
    shadow: false,
    overrideLimits: true,
    ...LIMITS,
    overrideAutoBan: true,
    banAfterViolations: null,
    banWindowSeconds: 600,
    banDurationSeconds: 3600,
  });
  const { key } = await createApiKey.execute(actor, { name: "bench", scopes: ["ratelimit:check"] });

  // Each side has a connection of its own to the same Redis.
  const stewardRedis = await whenReady(createRedis("web"));
  const flexRedis = new Redis(services.redisUrl);
  cleanups.push(async () => void (stewardRedis.disconnect(), flexRedis.disconnect()));
  const steward = createRateLimiter({
    redis: stewardRedis,
    rules: createRulesCache(),
    failureMode: "open",
    timeoutMs: 1_000,
  });
  const flex = new RateLimiterRedis({
    storeClient: flexRedis,
    points: LIMITS.perMinute,
    duration: 60,
    keyPrefix: "rlflex",
  });
  const flexWindows = new RateLimiterUnion(
    ...[
      { points: LIMITS.perMinute, duration: 60 },
      { points: LIMITS.perHour, duration: 3600 },
      { points: LIMITS.perDay, duration: 86_400 },
    ].map(
      (window) =>
        new RateLimiterRedis({ storeClient: flexRedis, ...window, keyPrefix: `rlflex-${window.duration}` }),
    ),
  );
  const sides = [
    // With failure mode "open" an unreachable Redis would still say allowed, so a degraded answer counts as failed.
    {
      label: "Steward",
      decide: (ip: string) => steward.check({ tenant: SLUG, ip }).then((d) => d.allowed && !d.degraded),
    },
    // consume rejects with a RateLimiterRes when denied and with an Error when Redis fails.
    {
      label: "rate-limiter-flexible",
      decide: (ip: string) =>
        flex.consume(ip).then(
          () => true,
          () => false,
        ),
    },
    {
      label: "rate-limiter-flexible, minute+hour+day",
      decide: (ip: string) =>
        flexWindows.consume(ip).then(
          () => true,
          () => false,
        ),
    },
  ];

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  console.log(
    `\n${cpus().length} CPUs, load average ${load}. In process: ${DECISIONS_PER_RUN.toLocaleString("en")} decisions per run from ${CONCURRENCY} concurrent loops, ` +
      `${IPS.length.toLocaleString("en")} client IPs; 1 warm-up run (${WARMUP_DECISIONS.toLocaleString("en")}) then ${TIMED_RUNS} timed runs per side, alternating.\n`,
  );
  const runs = new Map<string, Run[]>(sides.map((side) => [side.label, []]));
  const ratios: number[] = [];
  const windowRatios: number[] = [];
  for (let run = 0; run <= TIMED_RUNS; run++) {
    const order = run % 2 ? [...sides].reverse() : sides;
    const measured = new Map<string, Run>();
    for (const side of order)
      measured.set(
        side.label,
        await runDecisions(run === 0 ? WARMUP_DECISIONS : DECISIONS_PER_RUN, side.decide),
      );
    const [a, b, c] = sides.map((side) => measured.get(side.label)!);
    console.log(
      `${run === 0 ? "warm-up" : `run ${run}/${TIMED_RUNS}`}: Steward ${perSecond(a.rate)}, rate-limiter-flexible ${perSecond(b.rate)}, three windows ${perSecond(c.rate)}`,
    );
    if (run === 0) continue;
    for (const side of sides) runs.get(side.label)!.push(measured.get(side.label)!);
    ratios.push(a.rate / b.rate);
    windowRatios.push(a.rate / c.rate);
  }
  // Latency percentiles over every timed decision of a side; the rate is the median run's.
  printTable(
    ["in process", "decisions/s (median)", "p50", "p99", "not allowed"],
    sides.map(({ label }) => {
      const all = runs.get(label)!.flatMap((r) => r.latencies);
      return [
        label,
        perSecond(median(runs.get(label)!.map((r) => r.rate))),
        ms(percentile(all, 0.5)),
        ms(percentile(all, 0.99)),
        String(runs.get(label)!.reduce((sum, r) => sum + r.failed, 0)),
      ];
    }),
  );
  const ratio = median(ratios);
  const [stewardRate, flexRate, flexWindowsRate] = sides.map(({ label }) =>
    median(runs.get(label)!.map((r) => r.rate)),
  );

  // Over HTTP: needs a production build that has the route.
  const distDir = join(ROOT, process.env.STEWARD_NEXT_DIST_DIR || ".next");
  let httpVerdict = "HTTP: not measured (no production build)";
  if (!existsSync(join(distDir, "BUILD_ID"))) {
    console.log("\nRun `npm run build` first for the HTTP figures.");
  } else if (!existsSync(join(distDir, "server/app/api/v1/ratelimit/check"))) {
    console.log(
      `\nThe build in ${distDir} predates /api/v1/ratelimit/check: run \`npm run build\` again for the HTTP figures.`,
    );
  } else {
    const [nextPort, flexPort, decisionPort] = [
      await findFreePort(),
      await findFreePort(),
      await findFreePort(),
    ];
    const base = `http://127.0.0.1:${nextPort}`;
    const next = startServer(
      cleanups,
      join(ROOT, "node_modules/.bin/next"),
      ["start", "-p", String(nextPort), "-H", "127.0.0.1"],
      {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        NEXTAUTH_URL: base,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      },
    );
    const flexServer = startServer(cleanups, process.execPath, ["-e", RLFLEX_SERVER], {
      ...process.env,
      PORT: String(flexPort),
    });
    const decisionServer = startServer(
      cleanups,
      process.execPath,
      ["--import", "tsx", "scripts/ratelimit-server.ts"],
      { ...process.env, RATE_LIMIT_PORT: String(decisionPort), LOG_LEVEL: "warn" },
    );
    const decisionBase = `http://127.0.0.1:${decisionPort}`;
    await Promise.all([
      waitForReady(`${base}/api/health/ready`, next, 60_000),
      waitForReady(`${decisionBase}/health`, decisionServer, 30_000),
      waitForOutput(flexServer.child, "listening", 10_000, "rate-limiter-flexible server"),
    ]);
    const targets: { label: string; url: string; headers: Record<string, string> }[] = [
      {
        label: "Steward decision server (API key)",
        url: `${decisionBase}/api/v1/ratelimit/check`,
        headers: { authorization: `Bearer ${key}` },
      },
      {
        label: "Steward app route, next start (API key)",
        url: `${base}/api/v1/ratelimit/check`,
        headers: { authorization: `Bearer ${key}` },
      },
      { label: "rate-limiter-flexible (node:http)", url: `http://127.0.0.1:${flexPort}/`, headers: {} },
    ];
    console.log(
      `\nOver HTTP (loopback, autocannon in this process): ${HTTP_WARMUP_SECONDS} s warm-up per server, then ${HTTP_SECONDS} s per figure.`,
    );
    const rows: string[][] = [];
    const decisionServerLoads: (Awaited<ReturnType<typeof cannon>> & { connections: number })[] = [];
    for (const target of targets) {
      await cannon(target.url, CONCURRENCY, HTTP_WARMUP_SECONDS, target.headers);
      for (const connections of HTTP_CONNECTIONS) {
        const result = await cannon(target.url, connections, HTTP_SECONDS, target.headers);
        rows.push([
          `${target.label}, ${connections} conn.`,
          perSecond(result.requests.average),
          `${result.latency.p50} ms`,
          `${result.latency.p99} ms`,
          String(result.failed),
        ]);
        if (target === targets[0]) decisionServerLoads.push({ ...result, connections });
      }
    }
    printTable(["over HTTP", "requests/s (mean)", "p50 (2xx)", "p99 (2xx)", "failed or degraded"], rows);
    if (rows.some((row) => row[4] !== "0"))
      console.log(
        "Failed: non-2xx, errors, timeouts, or a 200 that is not a plain allowed (degraded: Redis slower than its timeout, failure mode open).",
      );
    // The target is a rate at a latency bound: met when some load reaches the rate within the bound.
    const meets = (load: (typeof decisionServerLoads)[number]) =>
      load.requests.average >= HTTP_TARGET.rate && load.latency.p99 < HTTP_TARGET.p99Ms && load.failed === 0;
    const byRate = [...decisionServerLoads].sort((a, b) => b.requests.average - a.requests.average);
    const shown = byRate.find(meets) ?? byRate[0];
    const met = meets(shown);
    httpVerdict =
      `HTTP: Steward decision server ${perSecond(shown.requests.average)} at ${shown.connections} connections, p99 ${shown.latency.p99} ms, ${shown.failed.toLocaleString("en")} failed or degraded — ` +
      `target ≥${HTTP_TARGET.rate.toLocaleString("en")}/s, p99 <${HTTP_TARGET.p99Ms} ms, none failed: ${met ? "MET" : "MISSED"}`;
  }

  console.log(
    `\nin process: Steward ${perSecond(stewardRate)} vs rate-limiter-flexible ${perSecond(flexRate)} (ratio ${ratio.toFixed(2)}×, median of paired runs) — target ≥1.0× ${ratio >= 1 ? "MET" : "MISSED"}`,
  );
  console.log(
    `in process, the same three windows: Steward vs rate-limiter-flexible minute+hour+day ${perSecond(flexWindowsRate)} (ratio ${median(windowRatios).toFixed(2)}×)`,
  );
  console.log(httpVerdict);
});
