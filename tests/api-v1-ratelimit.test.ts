import { describe, expect, it } from "vitest";
import { POST as check } from "@/app/api/v1/ratelimit/check/route";
import { GET as auth } from "@/app/api/v1/ratelimit/auth/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { addIpListEntry } from "@/lib/rate-limits/ip-list-entries";
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

  it("429 denylist without Retry-After (waiting will not help)", async () => {
    const response = await post({ tenant: tenant.slug, ip: "192.0.2.5" });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ allowed: false, reason: "denylist", retryAfter: null });
    expect(response.headers.get("retry-after")).toBeNull();
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

  it("404 for an unknown tenant, 401 without a valid key, 403 for a key without ratelimit:check", async () => {
    const unknown = await post({ tenant: "nobody-here", ip: "198.51.100.1" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe("No tenant has the slug 'nobody-here'.");
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

  it("reads tenant, IP and cost from headers; denies with 429, or 403 for nginx auth_request", async () => {
    const allowed = await ask({ "x-steward-tenant": tenant.slug, "x-real-ip": "198.51.100.40" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("ratelimit-remaining")).toBe("1");
    const costly = await ask({
      "x-steward-tenant": tenant.slug,
      "x-steward-client-ip": "198.51.100.41",
      "x-steward-cost": "3",
    });
    expect(costly.status).toBe(429);
    const forNginx = await ask(
      { "x-steward-tenant": tenant.slug, "x-steward-client-ip": "192.0.2.9" },
      "?deny_status=403",
    );
    expect(forNginx.status).toBe(403);
    expect(await forNginx.json()).toMatchObject({ reason: "denylist" });
  });

  it("400 naming the missing headers' fields", async () => {
    const response = await ask({});
    expect(response.status).toBe(400);
    expect(Object.keys((await response.json()).error.fields).sort()).toEqual(["ip", "tenant"]);
  });
});
