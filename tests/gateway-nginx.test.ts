// The README's nginx snippet, as written there, under Debian's real nginx 1.22 in front of a local app,
// asking a real decision server: what a visitor of a platform behind nginx gets.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { stopChild } from "@/lib/devservices/child-process";
import { findFreePort } from "@/lib/devservices/free-port";
import { addIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { createDecisionServer } from "@/lib/rate-limits/decision-server";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limits/rate-limiter";
import { createRulesCache, followRuleChanges } from "@/lib/rate-limits/rules-cache";
import { updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { createRedis, whenReady } from "@/lib/redis";
import { suspendTenant } from "@/lib/tenants/change-tenant-status";
import { makeTenant, makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
if (!existsSync(NGINX)) throw new Error(`nginx not found at ${NGINX}: sudo apt-get install -y nginx`);

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return (server.address() as AddressInfo).port;
}

// The platform's app: answers everything, and counts what reached it.
let reachedApp = 0;
const appPort = await listen(
  createServer((req, res) => {
    reachedApp++;
    res.writeHead(200, { "content-type": "text/plain" }).end(`app: ${req.url}`);
  }),
);

// A real decision server; which unknown-tenant setting it has is switched between tests.
const redis = await whenReady(createRedis("web"));
cleanups.push(() => redis.quit());
const rules = createRulesCache();
const subscriber = createRedis("worker");
cleanups.push(() => subscriber.quit());
await followRuleChanges(subscriber, rules);
const limiters = {
  deny: createRateLimiter({ redis, rules, failureMode: "open", timeoutMs: 500, unknownTenant: "deny" }),
  allow: createRateLimiter({ redis, rules, failureMode: "open", timeoutMs: 500, unknownTenant: "allow" }),
};
let limiter: RateLimiter = limiters.deny;
const decisionPort = await listen(
  createDecisionServer({
    check: (input, options) => limiter.check(input, options),
    unavailable: (error) => limiter.unavailable(error),
  }),
);

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "nginx", scopes: ["ratelimit:check"] });

/** The one nginx block of the README's "Rate-limit decisions" section. */
function readmeSnippet(): string {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("### Rate-limit decisions");
  const section = readme.slice(start, readme.indexOf("\n### ", start + 1));
  const blocks = [...section.matchAll(/```nginx\n([\s\S]*?)```/g)];
  expect(blocks, "the README's rate-limit section has one nginx block").toHaveLength(1);
  return blocks[0][1];
}

const nginxPort = await findFreePort();
// ─── The only edits made to the README's snippet: where things listen here, and the test's key. ───
const PLACEHOLDERS: [string, string][] = [
  ["listen 80;", `listen 127.0.0.1:${nginxPort};`],
  ["server steward-decisions:3001;", `server 127.0.0.1:${decisionPort};`],
  ["server platform-app:8080;", `server 127.0.0.1:${appPort};`],
  ["Bearer stw_…", `Bearer ${key}`],
];

function nginxConfig(dir: string): string {
  let snippet = readmeSnippet();
  for (const [placeholder, value] of PLACEHOLDERS) {
    expect(snippet.split(placeholder).length - 1, `README snippet contains '${placeholder}' once`).toBe(1);
    snippet = snippet.replace(placeholder, value);
  }
  // Everything nginx writes goes under `dir`, so it runs without touching the system's nginx.
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${snippet}
}
`;
}

/** Starts nginx on the README's snippet; returns a reader of its error log. */
async function startNginx(): Promise<() => string> {
  const dir = mkdtempSync(join(tmpdir(), "steward-nginx-"));
  // nginx's workers drop root for "nobody"; they need to enter the folder for their temp files.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir));
  const child = spawn(NGINX, ["-c", join(dir, "nginx.conf"), "-p", dir, "-e", join(dir, "error.log")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  cleanups.push(() => stopChild(child, "SIGTERM", 5_000));
  const errorLog = () =>
    existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : "";
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited:\n${output}\n${errorLog()}`);
      return get("startup.invalid").then(
        () => true,
        () => false,
      );
    },
    10_000,
    "nginx listening",
  );
  return errorLog;
}

type Answer = { status: number; headers: IncomingHttpHeaders; body: string };
const answers: Answer[] = [];

/** GET / through nginx as a visitor of `host`; every answer is kept to check none was a 500. */
function get(host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: nginxPort, path: "/orders", headers: { host }, agent: false },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => {
          const answer = { status: res.statusCode!, headers: res.headers, body };
          answers.push(answer);
          resolve(answer);
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const hostOf = (slug: string) => `${slug}.app.example.com`;

async function tenantWithLimit(perMinute: number) {
  const tenant = await makeTenant(owner);
  await updateTenantPolicy.execute(owner, {
    tenantId: tenant.id,
    enabled: true,
    shadow: false,
    overrideLimits: true,
    perMinute,
    perHour: "",
    perDay: "",
    overrideAutoBan: true,
    banAfterViolations: "",
    banWindowSeconds: 600,
    banDurationSeconds: 3600,
  });
  return tenant;
}

const nginxErrorLog = await startNginx();

describe("the README's nginx snippet under nginx 1.22", () => {
  it("a tenant allowed 5 a minute gets exactly 5 answers from the app, then 429 with Retry-After and RateLimit-*", async () => {
    const tenant = await tenantWithLimit(5);
    const before = reachedApp;
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push(await get(hostOf(tenant.slug)));
    expect(statuses.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(reachedApp - before).toBe(5);

    statuses.slice(0, 5).forEach((allowed, i) => {
      expect(allowed.body).toBe("app: /orders");
      expect(allowed.headers["ratelimit-limit"]).toBe("5");
      expect(allowed.headers["ratelimit-remaining"]).toBe(String(4 - i));
      expect(Number(allowed.headers["ratelimit-reset"])).toBeGreaterThan(0);
      expect(allowed.headers["retry-after"]).toBeUndefined();
    });
    for (const denied of statuses.slice(5)) {
      expect(Number(denied.headers["retry-after"])).toBeGreaterThan(0);
      expect(denied.headers["ratelimit-limit"]).toBe("5");
      expect(denied.headers["ratelimit-remaining"]).toBe("0");
      expect(Number(denied.headers["ratelimit-reset"])).toBeGreaterThan(0);
      expect(denied.headers["x-steward-reason"]).toBe("limit");
      expect(JSON.parse(denied.body)).toEqual({ error: "too_many_requests", reason: "limit" });
    }
  });

  it("a suspended tenant is refused with 403 and never reaches the app", async () => {
    const tenant = await tenantWithLimit(100);
    expect((await get(hostOf(tenant.slug))).status).toBe(200);
    await suspendTenant.execute(owner, { id: tenant.id, reason: "Chargeback fraud" });
    const refused = await until(
      async () => {
        const answer = await get(hostOf(tenant.slug));
        return answer.status === 403 && answer;
      },
      1_000,
      "suspension enforced",
    );
    const before = reachedApp;
    expect(refused.headers["x-steward-reason"]).toBe("suspended");
    expect(refused.headers["retry-after"]).toBeUndefined();
    expect(JSON.parse(refused.body)).toEqual({ error: "forbidden", reason: "suspended" });
    expect((await get(hostOf(tenant.slug))).status).toBe(403);
    expect(reachedApp).toBe(before);
  });

  it("a denylisted address and a host naming no tenant are refused with 403", async () => {
    const tenant = await tenantWithLimit(100);
    await addIpListEntry.execute(owner, { tenantId: tenant.id, list: "deny", cidr: "127.0.0.0/8" });
    const denylisted = await get(hostOf(tenant.slug));
    expect([denylisted.status, denylisted.headers["x-steward-reason"]]).toEqual([403, "denylist"]);
    const nameless = await get("www.example.org");
    expect([nameless.status, nameless.headers["x-steward-reason"]]).toEqual([403, "invalid_request"]);
  });

  it("an unknown tenant: 403 with GATEWAY_UNKNOWN_TENANT=deny, the app's answer without limits with allow", async () => {
    const denied = await get(hostOf("nobody-by-this-name"));
    expect([denied.status, denied.headers["x-steward-reason"]]).toEqual([403, "unknown_tenant"]);
    limiter = limiters.allow;
    try {
      const allowed = await get(hostOf("nobody-by-this-name"));
      expect(allowed.status).toBe(200);
      expect(allowed.body).toBe("app: /orders");
      expect(allowed.headers["ratelimit-limit"]).toBeUndefined();
    } finally {
      limiter = limiters.deny;
    }
  });

  it("never answered a 500 (or any 5xx) to anyone, and logged no error", () => {
    expect(answers.length).toBeGreaterThan(15);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    // e.g. "auth request unexpected status: 404", which is how a visitor got a 500 before.
    expect(nginxErrorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});
