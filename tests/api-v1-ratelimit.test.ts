import { describe, expect, it } from "vitest";
import { POST as check } from "@/app/api/v1/ratelimit/check/route";
import { GET as auth } from "@/app/api/v1/ratelimit/auth/route";
import { POST as authBelow } from "@/app/api/v1/ratelimit/auth/[...path]/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { addIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { suspendTenant } from "@/lib/tenants/change-tenant-status";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "edge gateway", scopes: ["ratelimit:check"] });
const { key: otherKey } = await createApiKey.execute(owner, { name: "reporting", scopes: ["tenants:read"] });
const tenant = await makeTenant(owner);
await updateTenantPolicy.execute(owner, {
  tenantId: tenant.id,
  enabled: true,
  shadow: false,
  overrideLimits: true,
  perMinute: 2,
  perHour: "",
  perDay: "",
  overrideAutoBan: true,
  banAfterViolations: "",
  banWindowSeconds: 600,
  banDurationSeconds: 3600,
});
await addIpListEntry.execute(owner, { tenantId: tenant.id, list: "deny", cidr: "192.0.2.0/24" });
const suspended = await makeTenant(owner);
await suspendTenant.execute(owner, { id: suspended.id, reason: "Terms of service violation" });

const post = (body: unknown, authorization = `Bearer ${key}`) =>
  check(
    new Request("http://steward.test/api/v1/ratelimit/check", {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

describe("POST /api/v1/ratelimit/check", () => {
  it("200 with remaining and the RateLimit headers, then 429 with Retry-After once the limit is spent", async () => {
    const ip = "198.51.100.30";
    const first = await post({ tenant: tenant.slug, ip });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ allowed: true, remaining: 1, reset: expect.any(Number) });
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect((await post({ tenant: tenant.slug, ip })).status).toBe(200);

    const denied = await post({ tenant: tenant.slug, ip, cost: 1 });
    expect(denied.status).toBe(429);
    const body = await denied.json();
    expect(body).toMatchObject({ allowed: false, reason: "limit", retryAfter: expect.any(Number) });
    expect(denied.headers.get("retry-after")).toBe(String(body.retryAfter));
    expect(denied.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("403 denylist without Retry-After (waiting will not help), the reason in X-Steward-Reason", async () => {
    const response = await post({ tenant: tenant.slug, ip: "192.0.2.5" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ allowed: false, reason: "denylist", retryAfter: null });
    expect(response.headers.get("retry-after")).toBeNull();
    expect(response.headers.get("x-steward-reason")).toBe("denylist");
  });

  it("403 for a suspended tenant and for an unknown one (GATEWAY_UNKNOWN_TENANT=deny by default)", async () => {
    const refused = await post({ tenant: suspended.slug, ip: "198.51.100.31" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ allowed: false, reason: "suspended", retryAfter: null });
    expect(refused.headers.get("x-steward-reason")).toBe("suspended");
    expect(refused.headers.get("ratelimit-limit")).toBeNull();
    const unknown = await post({ tenant: "nobody-here", ip: "198.51.100.1" });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ allowed: false, reason: "unknown_tenant", retryAfter: null });
  });

  it("400 with field messages for a missing tenant, an invalid IP, a negative cost, or a body that is not JSON", async () => {
    const cases: [unknown, Record<string, string[]> | null][] = [
      [{ ip: "198.51.100.1" }, { tenant: ["tenant is required"] }],
      [{ tenant: tenant.slug, ip: "999.1.1.1" }, { ip: ["'999.1.1.1' is not an IPv4 or IPv6 address"] }],
      [{ tenant: tenant.slug, ip: "198.51.100.1", cost: -3 }, { cost: ["cost is at least 1"] }],
      ["{not json", null],
      [JSON.stringify({ tenant: tenant.slug, ip: "198.51.100.1", padding: "x".repeat(70_000) }), null],
    ];
    for (const [body, fields] of cases) {
      const response = await post(body);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("VALIDATION");
      if (fields) expect(error.fields).toEqual(fields);
    }
  });

  it("401 without a valid key, 403 for a key without ratelimit:check", async () => {
    expect((await post({ tenant: tenant.slug, ip: "198.51.100.1" }, "Bearer nonsense")).status).toBe(401);
    expect((await post({ tenant: tenant.slug, ip: "198.51.100.1" }, `Bearer ${otherKey}`)).status).toBe(403);
  });
});

describe("GET /api/v1/ratelimit/auth", () => {
  const ask = (headers: Record<string, string>, query = "") =>
    auth(
      new Request(`http://steward.test/api/v1/ratelimit/auth${query}`, {
        headers: { authorization: `Bearer ${key}`, ...headers },
      }),
    );

  it("reads tenant, IP and cost from headers; denies with 429 or 403 by reason, or all with ?deny_status=403 for nginx", async () => {
    const allowed = await ask({ "x-steward-tenant": tenant.slug, "x-real-ip": "198.51.100.40" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("ratelimit-remaining")).toBe("1");
    const costly = await ask({
      "x-steward-tenant": tenant.slug,
      "x-steward-client-ip": "198.51.100.41",
      "x-steward-cost": "3",
    });
    expect(costly.status).toBe(429);
    expect(costly.headers.get("x-steward-reason")).toBe("limit");
    const forNginx = await ask(
      { "x-steward-tenant": tenant.slug, "x-steward-client-ip": "192.0.2.9" },
      "?deny_status=403",
    );
    expect(forNginx.status).toBe(403);
    expect(await forNginx.json()).toMatchObject({ reason: "denylist" });
    const limitForNginx = await ask(
      { "x-steward-tenant": tenant.slug, "x-steward-client-ip": "198.51.100.41", "x-steward-cost": "3" },
      "?deny_status=403",
    );
    expect(limitForNginx.status).toBe(403);
    expect(limitForNginx.headers.get("x-steward-reason")).toBe("limit");
    expect(limitForNginx.headers.get("ratelimit-limit")).toBe("2");
  });

  it("missing or bad headers are the denial invalid_request naming the fields, never a 400", async () => {
    for (const query of ["", "?deny_status=403"]) {
      const response = await ask({}, query);
      expect(response.status).toBe(403);
      expect(response.headers.get("x-steward-reason")).toBe("invalid_request");
      const body = await response.json();
      expect(body).toMatchObject({ allowed: false, reason: "invalid_request" });
      expect(Object.keys(body.fields).sort()).toEqual(["ip", "tenant"]);
    }
    const badCost = await ask(
      { "x-steward-tenant": tenant.slug, "x-real-ip": "198.51.100.42", "x-steward-cost": "lots" },
      "?deny_status=429",
    );
    expect(badCost.status).toBe(429);
    expect((await badCost.json()).fields).toEqual({ cost: ["cost must be a number"] });
  });

  it("answers Envoy's ext_authz too: the client's method and path below the auth path", async () => {
    const response = await authBelow(
      new Request("http://steward.test/api/v1/ratelimit/auth/orders/17?expand=items", {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "x-steward-tenant": tenant.slug,
          "x-real-ip": "198.51.100.45",
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-limit")).toBe("2");
  });

  it("a suspended or unknown tenant is denied with its reason; a bad key is a 401, never a 403 or 404", async () => {
    const refused = await ask({ "x-steward-tenant": suspended.slug, "x-real-ip": "198.51.100.43" });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-steward-reason")).toBe("suspended");
    const unknown = await ask(
      { "x-steward-tenant": "nobody-here", "x-real-ip": "198.51.100.43" },
      "?deny_status=403",
    );
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ allowed: false, reason: "unknown_tenant" });
    for (const authorization of ["Bearer nonsense", `Bearer ${otherKey}`, ""]) {
      const response = await auth(
        new Request("http://steward.test/api/v1/ratelimit/auth?deny_status=403", {
          headers: { authorization, "x-steward-tenant": tenant.slug, "x-real-ip": "198.51.100.44" },
        }),
      );
      expect(response.status).toBe(401);
    }
  });
});
