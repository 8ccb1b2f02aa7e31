import type { Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createDecisionServer } from "@/lib/rate-limits/decision-server";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limits/rate-limiter";
import { createRulesCache } from "@/lib/rate-limits/rules-cache";
import { createRedis, whenReady } from "@/lib/redis";
import { updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "edge", scopes: ["ratelimit:check"] });
const tenant = await makeTenant(owner);
await updateTenantPolicy.execute(owner, {
  tenantId: tenant.id,
  enabled: true,
  shadow: false,
  overrideLimits: true,
  perMinute: 1,
  perHour: "",
  perDay: "",
  overrideAutoBan: true,
  banAfterViolations: "",
  banWindowSeconds: 600,
  banDurationSeconds: 3600,
});
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function serve(limiter?: RateLimiter): Promise<string> {
  const server = createDecisionServer(limiter);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const base = await serve();

const post = (body: string, authorization = `Bearer ${key}`) =>
  fetch(`${base}/api/v1/ratelimit/check`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body,
  });

describe("the decision server (npm run ratelimit:serve)", () => {
  it("answers POST /api/v1/ratelimit/check like the app's route: 200, then 429 with the headers", async () => {
    const body = JSON.stringify({ tenant: tenant.slug, ip: "198.51.100.90" });
    const allowed = await post(body);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ allowed: true, remaining: 0 });
    expect(allowed.headers.get("ratelimit-limit")).toBe("1");
    const denied = await post(body);
    expect(denied.status).toBe(429);
    expect(await denied.json()).toMatchObject({ allowed: false, reason: "limit" });
    expect(Number(denied.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers GET /api/v1/ratelimit/auth from headers, 403 on request", async () => {
    const ask = () =>
      fetch(`${base}/api/v1/ratelimit/auth?deny_status=403`, {
        headers: {
          authorization: `Bearer ${key}`,
          "x-steward-tenant": tenant.slug,
          "x-real-ip": "198.51.100.91",
        },
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(403);
  });

  it("answers ext_authz's way of asking: the client's method and path appended to the auth path", async () => {
    const ask = (method: string, path: string) =>
      fetch(`${base}/api/v1/ratelimit/auth${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          "x-steward-tenant": tenant.slug,
          "x-steward-client-ip": "198.51.100.92",
        },
      });
    const allowed = await ask("POST", "/orders/17?expand=items");
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("ratelimit-remaining")).toBe("0");
    // Without deny_status a limit is a 429 with the headers a client needs.
    const denied = await ask("DELETE", "/");
    expect(denied.status).toBe(429);
    expect(denied.headers.get("x-steward-reason")).toBe("limit");
    expect(Number(denied.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("the auth path answers unreadable headers and unknown tenants with a denial, a bad key with 401", async () => {
    const ask = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/ratelimit/auth?deny_status=403`, {
        headers: { authorization: `Bearer ${key}`, ...headers },
      });
    const invalid = await ask({ "x-steward-tenant": tenant.slug, "x-real-ip": "not-an-address" });
    expect(invalid.status).toBe(403);
    expect(invalid.headers.get("x-steward-reason")).toBe("invalid_request");
    const unknown = await ask({ "x-steward-tenant": "nobody-here", "x-real-ip": "198.51.100.93" });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ allowed: false, reason: "unknown_tenant" });
    expect((await ask({ authorization: "Bearer nonsense" })).status).toBe(401);
  });

  it("400 for bad input or a body that is not JSON, 401 without a key, 404 elsewhere", async () => {
    const bad = await post(JSON.stringify({ tenant: tenant.slug, ip: "nope", cost: 0 }));
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["cost", "ip"]);
    expect((await post("{")).status).toBe(400);
    const boolean = await post(JSON.stringify({ tenant: tenant.slug, ip: "198.51.100.97", cost: true }));
    expect([boolean.status, (await boolean.json()).error.fields]).toEqual([
      400,
      { cost: ["cost must be a number"] },
    ]);
    expect((await post("[".repeat(3_000) + "]".repeat(3_000))).status).toBe(400);
    expect((await post("{}", "Bearer nonsense")).status).toBe(401);
    expect((await fetch(`${base}/api/v1/tenants`)).status).toBe(404);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
  });

  it("413 for an oversized body, and the connection it came on answers the next request at once", async () => {
    const check = JSON.stringify({ tenant: tenant.slug, ip: "198.51.100.96" });
    // The body is read to its end and dropped, so the same keep-alive connection carries on.
    const answers = await exchangeOnOneConnection([
      rawPost("x".repeat(100_000)),
      rawPost(check),
      rawPost("x".repeat(20_000), { chunked: true }),
      rawPost(check),
    ]);
    expect(answers.map((a) => a.status)).toEqual([413, 200, 413, 429]);
    expect(answers[0].body).toMatchObject({ error: { code: "TOO_LARGE" } });
    // A body too large to be worth reading is refused unread and the connection closed.
    const [huge] = await exchangeOnOneConnection([`${rawPost("").split("\r\n\r\n")[0]}`], {
      contentLength: 50_000_000,
    });
    expect([huge.status, huge.headers.connection]).toEqual([413, "close"]);
  });
});

/** A check request written by hand, so several can go down one socket. */
function rawPost(body: string, options: { chunked?: boolean } = {}): string {
  const length = options.chunked
    ? "transfer-encoding: chunked"
    : `content-length: ${Buffer.byteLength(body)}`;
  const payload = options.chunked ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
  return (
    `POST /api/v1/ratelimit/check HTTP/1.1\r\nhost: decision\r\nauthorization: Bearer ${key}\r\n` +
    `content-type: application/json\r\n${length}\r\n\r\n${payload}`
  );
}

type RawAnswer = { status: number; headers: Record<string, string>; body: unknown };

/** Sends each request after the previous answer arrived, all on one TCP connection (2 s each at most). */
async function exchangeOnOneConnection(
  requests: string[],
  options: { contentLength?: number } = {},
): Promise<RawAnswer[]> {
  const { port, hostname } = new URL(base);
  const socket = connect(Number(port), hostname);
  const answers: RawAnswer[] = [];
  let buffered = "";
  let waiting: ((answer: RawAnswer) => void) | null = null;
  socket.on("data", (data) => {
    buffered += data.toString("latin1");
    const end = buffered.indexOf("\r\n\r\n");
    if (end < 0) return;
    const [statusLine, ...lines] = buffered.slice(0, end).split("\r\n");
    const headers = Object.fromEntries(
      lines.map((line) => [
        line.slice(0, line.indexOf(":")).toLowerCase(),
        line.slice(line.indexOf(":") + 1).trim(),
      ]),
    );
    const length = Number(headers["content-length"]);
    if (buffered.length < end + 4 + length) return;
    const body = JSON.parse(buffered.slice(end + 4, end + 4 + length));
    buffered = buffered.slice(end + 4 + length);
    waiting?.({ status: Number(statusLine.split(" ")[1]), headers, body });
  });
  try {
    for (const request of requests) {
      const answer = new Promise<RawAnswer>((resolve, reject) => {
        waiting = resolve;
        setTimeout(() => reject(new Error(`no answer within 2 s to request ${answers.length + 1}`)), 2_000);
      });
      const head = options.contentLength
        ? request.replace("content-length: 0", `content-length: ${options.contentLength}`) + "\r\n\r\n"
        : request;
      socket.write(head);
      answers.push(await answer);
    }
  } finally {
    socket.destroy();
  }
  return answers;
}

const redis = await whenReady(createRedis("web"));
afterAll(() => redis.quit());

describe("the decision server when something it depends on fails", () => {
  // PostgreSQL unreachable the first time a tenant is asked about: its rules cannot be read.
  const unreadable = createRulesCache({ load: () => Promise.reject(new Error("connect ECONNREFUSED")) });
  const limiter = (failureMode: "open" | "closed") =>
    createRateLimiter({ redis, rules: unreadable, failureMode, timeoutMs: 500 });
  const ask = (at: string, query = "?deny_status=403") =>
    fetch(`${at}/api/v1/ratelimit/auth${query}`, {
      headers: {
        authorization: `Bearer ${key}`,
        "x-steward-tenant": tenant.slug,
        "x-real-ip": "198.51.100.94",
      },
    });

  it("answers by the failure mode, never a 500: closed denies as unavailable, open allows", async () => {
    const closed = await ask(await serve(limiter("closed")));
    expect(closed.status).toBe(403);
    expect(closed.headers.get("x-steward-reason")).toBe("unavailable");
    expect(closed.headers.get("retry-after")).toBe("1");
    expect(await closed.json()).toMatchObject({ allowed: false, reason: "unavailable", degraded: true });

    const open = await ask(await serve(limiter("open")));
    expect(open.status).toBe(200);
    expect(await open.json()).toMatchObject({ allowed: true, degraded: true });
  });

  it("an unexpected error inside the decision is answered the same way, on both paths", async () => {
    const closed = limiter("closed");
    const broken = await serve({
      check: async () => {
        throw new TypeError("Cannot read properties of undefined");
      },
      unavailable: closed.unavailable,
    });
    const auth = await ask(broken, "");
    expect([auth.status, auth.headers.get("x-steward-reason")]).toEqual([429, "unavailable"]);
    const check = await fetch(`${broken}/api/v1/ratelimit/check`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ tenant: tenant.slug, ip: "198.51.100.95" }),
    });
    expect(check.status).toBe(429);
    expect(await check.json()).toMatchObject({ allowed: false, reason: "unavailable" });
  });
});
