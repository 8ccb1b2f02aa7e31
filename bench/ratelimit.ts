// npm run bench:ratelimit [-- --cpu-prof <dir>]: rate-limit decisions per second and latency, side by
// side with rate-limiter-flexible on the same Redis, in medians of alternated runs.
// In process: Steward's `createRateLimiter(...).check({ tenant, ip })` (input validation, rules
// cache, one Lua script: minute/hour/day sliding windows, bans, statistics) against
// `RateLimiterRedis.consume(ip)` (one fixed window) and a `RateLimiterUnion` of minute, hour and day
// limiters (like for like), and the ceiling: redis-benchmark running Steward's own script with
// EVALSHA on the same Redis (what one Redis core can decide).
// Over HTTP (loopback, autocannon): the decision server (`npm run ratelimit:serve`) against a bare
// node:http server around `consume`, at 20, 50 and 200 connections, quiet and beside a neighbour
// process that keeps one core busy. `--cpu-prof <dir>` writes the decision server's CPU profile.
// `--cluster`: Steward on a 3-master Redis Cluster (three redis-server processes on this host) against
// Steward on one Redis with the same client count, in process and through the decision server.
// Goals: over HTTP ≥ 1.0× the bare server at every connection count, p99 < 10 ms, no degraded
// answer; in process ≥ 1.5× the union and ≥ 80 % of the ceiling; on the cluster ≥ 2× one Redis. The machine's load is printed: the
// ratios within one run are what count. Exits 0 whether or not the goals are met, 1 if something throws.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { startRedisCluster } from "@/lib/devservices/redis-cluster";
import { RateLimiterRedis, RateLimiterUnion } from "rate-limiter-flexible";
import {
  besideBusyNeighbour,
  loadHttp,
  startDecisionServer,
  startFlexServer,
  type HttpLoad,
} from "./ratelimit-http";
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
/** autocannon connections tried over HTTP; each figure is the median of alternated rounds. */
const HTTP_CONNECTIONS = [20, 50, 200];
const HTTP_ROUNDS = 3;
const HTTP_SECONDS = 5;
const HTTP_WARMUP_SECONDS = 2;
const GOALS = { http: 1.0, p99Ms: 10, union: 1.5, ceiling: 0.8 };
const profileAt = process.argv.indexOf("--cpu-prof");
const CPU_PROFILE_DIR = profileAt > 0 ? process.argv[profileAt + 1] : undefined;
const CLUSTER = process.argv.includes("--cluster");

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
const ratio = (value: number) => `${value.toFixed(2)}×`;
const verdict = (met: boolean) => (met ? "MET" : "MISSED");
const load = () =>
  `${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")}`;

/**
 * The ceiling: redis-benchmark sending Steward's script by EVALSHA with the arguments a decision
 * sends (client addresses cycling through 1,000), from as many connections as the in-process loops.
 */
async function evalshaCeiling(redisUrl: string, sha: string, args: (string | number)[]): Promise<number> {
  const { hostname, port } = new URL(redisUrl);
  const withRandomIp = args.map((arg, i) => (i === 2 ? "198.18.0.__rand_int__" : String(arg)));
  const { stdout } = await promisify(execFile)("redis-benchmark", [
    ...["-h", hostname, "-p", port, "-c", String(CONCURRENCY), "-n", String(DECISIONS_PER_RUN)],
    ...["-r", String(IPS.length), "-q", "evalsha", sha, "1", ...withRandomIp],
  ]);
  const rates = [...stdout.matchAll(/([\d.]+) requests per second/g)];
  if (rates.length === 0) throw new Error(`redis-benchmark printed no rate:\n${stdout.slice(-500)}`);
  return Number(rates[rates.length - 1][1]);
}

/**
 * `--cluster`: the same decisions on one Redis and on a 3-master cluster, alternated, in process
 * (this process's loops) and through a decision server on each.
 */
async function compareWithCluster(options: {
  cleanups: Cleanups;
  single: (ip: string) => Promise<boolean>;
  key: string;
  redisUrl: string;
}) {
  const { cleanups } = options;
  const { createRedis, whenReady } = await import("@/lib/redis");
  const { createRateLimiter } = await import("@/lib/rate-limits/rate-limiter");
  const { createRulesCache } = await import("@/lib/rate-limits/rules-cache");
  const cluster = await startRedisCluster({ dataDir: mkdtempSync(join(tmpdir(), "steward-bench-cluster-")) });
  cleanups.push(cluster.stop);
  const seeds = cluster.ports.map((port) => ({ host: "127.0.0.1", port }));
  const clusterRedis = await whenReady(createRedis("web", { cluster: seeds, enableAutoPipelining: true }));
  cleanups.push(async () => clusterRedis.disconnect());
  const onCluster = createRateLimiter({
    redis: clusterRedis,
    rules: createRulesCache(),
    failureMode: "open",
    timeoutMs: 1_000,
  });
  const sides = [
    { label: "one Redis", decide: options.single },
    {
      label: "3-master cluster",
      decide: (ip: string) => onCluster.check({ tenant: SLUG, ip }).then((d) => d.allowed && !d.degraded),
    },
  ];
  console.log(
    `\nRedis Cluster: 3 masters on this host (${load()}), the same ${CONCURRENCY} concurrent loops.`,
  );
  const rates: number[][] = [[], []];
  for (let run = 0; run <= TIMED_RUNS; run++)
    for (const i of run % 2 ? [1, 0] : [0, 1]) {
      const { rate } = await runDecisions(run === 0 ? WARMUP_DECISIONS : DECISIONS_PER_RUN, sides[i].decide);
      if (run > 0) rates[i].push(rate);
    }
  const [singleRate, clusterRate] = rates.map(median);

  const servers = [
    await startDecisionServer(cleanups, { env: { REDIS_URL: options.redisUrl } }),
    await startDecisionServer(cleanups, { env: { REDIS_CLUSTER_NODES: cluster.nodes } }),
  ];
  const targets = servers.map((server) => ({
    url: server.url,
    headers: { authorization: `Bearer ${options.key}` },
  }));
  const http: HttpLoad[][] = [[], []];
  for (const target of targets)
    await loadHttp(target, { tenant: SLUG, ips: IPS, connections: 50, seconds: HTTP_WARMUP_SECONDS });
  for (let round = 0; round < HTTP_ROUNDS; round++)
    for (const i of round % 2 ? [1, 0] : [0, 1])
      http[i].push(
        await loadHttp(targets[i], { tenant: SLUG, ips: IPS, connections: 200, seconds: HTTP_SECONDS }),
      );
  const [singleHttp, clusterHttp] = http.map((loads) => median(loads.map((l) => l.rate)));
  printTable(
    ["Steward", "in process, decisions/s", "decision server, 200 conn.", "degraded"],
    sides.map(({ label }, i) => [
      label,
      perSecond([singleRate, clusterRate][i]),
      perSecond([singleHttp, clusterHttp][i]),
      String(http[i].reduce((sum, l) => sum + l.degraded, 0)),
    ]),
  );
  console.log(
    `\ncluster ÷ one Redis: in process ${ratio(clusterRate / singleRate)}, decision server ${ratio(clusterHttp / singleHttp)} ` +
      `(goal ≥2×) ${verdict(clusterRate >= 2 * singleRate)}; ${cpus().length} CPUs run the client, the servers and all three Redis processes.`,
  );
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
  const { DECISION_SCRIPT, decisionScriptArgs } = await import("@/lib/rate-limits/decision-script");
  const { prefixFor } = await import("@/lib/rate-limits/keys");
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

  // Each side has a connection of its own to the same Redis, set as the decision server's.
  const stewardRedis = await whenReady(createRedis("web", { enableAutoPipelining: true }));
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
  const sha = (await stewardRedis.script("LOAD", DECISION_SCRIPT)) as string;
  const scriptArgs = decisionScriptArgs({
    prefix: prefixFor(tenantId, IPS[0]),
    tenantId,
    ip: IPS[0],
    cost: 1,
    mode: "check",
    shadow: false,
    limits: LIMITS,
    autoBan: null,
  });

  console.log(
    `\n${load()}. In process: ${DECISIONS_PER_RUN.toLocaleString("en")} decisions per run from ${CONCURRENCY} concurrent loops, ` +
      `${IPS.length.toLocaleString("en")} client IPs; 1 warm-up run (${WARMUP_DECISIONS.toLocaleString("en")}) then ${TIMED_RUNS} timed runs per side, alternating, each followed by the EVALSHA ceiling.\n`,
  );
  const runs = new Map<string, Run[]>(sides.map((side) => [side.label, []]));
  const ceilings: number[] = [];
  for (let run = 0; run <= TIMED_RUNS; run++) {
    const order = run % 2 ? [...sides].reverse() : sides;
    const measured = new Map<string, Run>();
    for (const side of order)
      measured.set(
        side.label,
        await runDecisions(run === 0 ? WARMUP_DECISIONS : DECISIONS_PER_RUN, side.decide),
      );
    const ceiling = await evalshaCeiling(services.redisUrl, sha, scriptArgs);
    const [a, b, c] = sides.map((side) => measured.get(side.label)!);
    console.log(
      `${run === 0 ? "warm-up" : `run ${run}/${TIMED_RUNS}`}: Steward ${perSecond(a.rate)}, rate-limiter-flexible ${perSecond(b.rate)}, three windows ${perSecond(c.rate)}, EVALSHA ceiling ${perSecond(ceiling)}`,
    );
    if (run === 0) continue;
    for (const side of sides) runs.get(side.label)!.push(measured.get(side.label)!);
    ceilings.push(ceiling);
  }
  // Latency percentiles over every timed decision of a side; the rate is the median run's.
  const [stewardRate, flexRate, unionRate] = sides.map(({ label }) =>
    median(runs.get(label)!.map((r) => r.rate)),
  );
  const ceiling = median(ceilings);
  printTable(
    ["in process", "decisions/s (median)", "p50", "p99", "not allowed", "Steward ÷ this"],
    [
      ...sides.map(({ label }, i) => {
        const all = runs.get(label)!.flatMap((r) => r.latencies);
        return [
          label,
          perSecond([stewardRate, flexRate, unionRate][i]),
          ms(percentile(all, 0.5)),
          ms(percentile(all, 0.99)),
          String(runs.get(label)!.reduce((sum, r) => sum + r.failed, 0)),
          ratio(stewardRate / [stewardRate, flexRate, unionRate][i]),
        ];
      }),
      [
        "ceiling: redis-benchmark EVALSHA, Steward's script",
        perSecond(ceiling),
        "",
        "",
        "",
        ratio(stewardRate / ceiling),
      ],
    ],
  );

  if (CLUSTER)
    return compareWithCluster({ cleanups, single: sides[0].decide, key, redisUrl: services.redisUrl });

  // Over HTTP: each connection count in HTTP_ROUNDS rounds, the two servers alternating who goes first.
  const decisionServer = await startDecisionServer(cleanups, { cpuProfileDir: CPU_PROFILE_DIR });
  const flexServer = await startFlexServer(cleanups, services.redisUrl, LIMITS.perMinute);
  const targets: { url: string; headers: Record<string, string> }[] = [
    { url: decisionServer.url, headers: { authorization: `Bearer ${key}` } },
    { url: flexServer.url, headers: {} },
  ];
  const options = { tenant: SLUG, ips: IPS };
  for (const target of targets)
    await loadHttp(target, { ...options, connections: 50, seconds: HTTP_WARMUP_SECONDS });
  const measureHttp = async () => {
    const figures: { connections: number; steward: HttpLoad; flex: HttpLoad }[] = [];
    for (const connections of HTTP_CONNECTIONS) {
      const rounds: HttpLoad[][] = [[], []];
      for (let round = 0; round < HTTP_ROUNDS; round++)
        for (const side of round % 2 ? [1, 0] : [0, 1])
          rounds[side].push(
            await loadHttp(targets[side], { ...options, connections, seconds: HTTP_SECONDS }),
          );
      const summary = (loads: HttpLoad[]): HttpLoad => ({
        rate: median(loads.map((l) => l.rate)),
        p50: median(loads.map((l) => l.p50)),
        p99: median(loads.map((l) => l.p99)),
        failed: loads.reduce((sum, l) => sum + l.failed, 0),
        degraded: loads.reduce((sum, l) => sum + l.degraded, 0),
      });
      figures.push({ connections, steward: summary(rounds[0]), flex: summary(rounds[1]) });
    }
    return figures;
  };
  console.log(
    `\nOver HTTP (loopback, autocannon in this process), ${load()}: ${HTTP_ROUNDS} alternated rounds of ${HTTP_SECONDS} s per figure, medians.`,
  );
  const quiet = await measureHttp();
  const busy = await besideBusyNeighbour(cleanups, measureHttp);
  const rows = [
    ...quiet.map((f) => ({ ...f, label: `${f.connections} connections` })),
    ...busy.map((f) => ({ ...f, label: `${f.connections} connections, busy neighbour` })),
  ];
  printTable(
    ["over HTTP", "Steward req/s", "p50", "p99", "degraded", "failed", "rlf req/s", "p99", "Steward ÷ rlf"],
    rows.map(({ label, steward: s, flex: f }) => [
      label,
      perSecond(s.rate),
      `${s.p50} ms`,
      `${s.p99} ms`,
      String(s.degraded),
      String(s.failed),
      perSecond(f.rate),
      `${f.p99} ms`,
      ratio(s.rate / f.rate),
    ]),
  );
  console.log(`(${load()} at the end)`);

  const httpMet = rows.every(
    ({ steward: s, flex: f }) =>
      s.rate >= GOALS.http * f.rate && s.p99 < GOALS.p99Ms && s.degraded === 0 && s.failed === 0,
  );
  const rates = quiet.map((f) => f.steward.rate);
  const holds = rates.every((rate, i) => i === 0 || rate >= 0.95 * rates[i - 1]);
  console.log(
    `\nin process: Steward ${ratio(stewardRate / unionRate)} rate-limiter-flexible's minute+hour+day (goal ≥${GOALS.union}×) ${verdict(stewardRate >= GOALS.union * unionRate)}; ` +
      `${Math.round((100 * stewardRate) / ceiling)} % of the EVALSHA ceiling (goal ≥${GOALS.ceiling * 100} %) ${verdict(stewardRate >= GOALS.ceiling * ceiling)}`,
  );
  console.log(
    `over HTTP: ≥${GOALS.http}× the bare server, p99 <${GOALS.p99Ms} ms, none degraded or failed at every row ${verdict(httpMet)}; ` +
      `throughput holds as connections grow (within 5 %) ${verdict(holds)}`,
  );
});
