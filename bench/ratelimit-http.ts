// The over-HTTP half of bench/ratelimit.ts: the decision server against a bare node:http server
// around rate-limiter-flexible, loaded by autocannon at several connection counts, quiet and beside a
// CPU-burning neighbour, in alternated rounds.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { stopChild, waitForOutput } from "@/lib/devservices/child-process";
import { findFreePort } from "@/lib/devservices/free-port";
import type { Cleanups } from "./support";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

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

export type HttpLoad = { rate: number; p50: number; p99: number; failed: number; degraded: number };

/**
 * Loads `url` with JSON bodies `{ tenant, ip }`, the ip cycling through `ips`. `degraded` counts 200s
 * that say so (Redis slower than RATE_LIMIT_REDIS_TIMEOUT_MS, failure mode open); `failed` counts
 * non-2xx, errors, timeouts and any other 200 that is not a plain allow.
 */
export async function loadHttp(
  target: { url: string; headers: Record<string, string> },
  options: { connections: number; seconds: number; tenant: string; ips: string[] },
): Promise<HttpLoad> {
  let next = 0;
  let notAllowed = 0;
  let degraded = 0;
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.seconds,
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ tenant: options.tenant, ip: options.ips[next++ % options.ips.length] }),
        }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          if (body.includes('"degraded":true')) degraded++;
          else if (!body.includes('"allowed":true')) notAllowed++;
        },
      },
    ],
  });
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts + notAllowed,
    degraded,
  };
}

/** rate-limiter-flexible behind plain node:http, one window, in a process of its own. */
const RLFLEX_SERVER = `
const { Redis } = require("ioredis");
const { RateLimiterRedis } = require("rate-limiter-flexible");
const limiter = new RateLimiterRedis({ storeClient: new Redis(process.env.REDIS_URL), points: Number(process.env.POINTS), duration: 60, keyPrefix: "rlflex-http" });
require("node:http").createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => limiter.consume(JSON.parse(body).ip).then(() => 200, (e) => (e instanceof Error ? 500 : 429))
    .then((status) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ allowed: status === 200 }))));
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));`;

/** A CPU-burning neighbour: one core kept busy, as on a host where other work runs. */
const BURNER = "for (;;) Math.sqrt(Math.random());";

type Started = { stop(): Promise<void> };

/** Starts a process (its own group) and stops it at clean-up or when `stop` is called. */
function startProcess(cleanups: Cleanups, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const stop = () => stopChild(child, "SIGTERM", 5_000, true);
  cleanups.push(stop);
  return { child, stop, output: () => output };
}

async function waitForHealth(url: string, server: ReturnType<typeof startProcess>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${url}: the server exited:\n${server.output()}`);
    if (
      (await fetch(url).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within 30 s:\n${server.output()}`);
}

/** The decision server (`npm run ratelimit:serve`) on a free port; `cpuProfileDir` profiles it. */
export async function startDecisionServer(
  cleanups: Cleanups,
  { cpuProfileDir, env = {} }: { cpuProfileDir?: string; env?: Record<string, string> } = {},
) {
  const port = await findFreePort();
  const profile = cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfileDir] : [];
  const server = startProcess(cleanups, [...profile, "--import", "tsx", "scripts/ratelimit-server.ts"], {
    ...process.env,
    RATE_LIMIT_PORT: String(port),
    LOG_LEVEL: "warn",
    ...env,
  });
  await waitForHealth(`http://127.0.0.1:${port}/health`, server);
  return { url: `http://127.0.0.1:${port}/api/v1/ratelimit/check`, stop: server.stop };
}

/** The bare node:http + rate-limiter-flexible server on a free port. */
export async function startFlexServer(cleanups: Cleanups, redisUrl: string, points: number) {
  const port = await findFreePort();
  const server = startProcess(cleanups, ["-e", RLFLEX_SERVER], {
    ...process.env,
    REDIS_URL: redisUrl,
    PORT: String(port),
    POINTS: String(points),
  });
  await waitForOutput(server.child, "listening", 10_000, "rate-limiter-flexible server");
  return { url: `http://127.0.0.1:${port}/`, stop: server.stop };
}

/** Runs `work` while a neighbour process keeps one core busy. */
export async function besideBusyNeighbour<T>(cleanups: Cleanups, work: () => Promise<T>): Promise<T> {
  const burner: Started = startProcess(cleanups, ["-e", BURNER], process.env);
  try {
    return await work();
  } finally {
    await burner.stop();
  }
}
