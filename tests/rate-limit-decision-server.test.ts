import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createDecisionServer } from "@/lib/rate-limits/decision-server";
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
const server = createDecisionServer();
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

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

  it("400 for bad input or a body that is not JSON, 401 without a key, 404 elsewhere", async () => {
    const bad = await post(JSON.stringify({ tenant: tenant.slug, ip: "nope", cost: 0 }));
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["cost", "ip"]);
    expect((await post("{")).status).toBe(400);
    expect((await post("x".repeat(20_000))).status).toBe(400);
    expect((await post("{}", "Bearer nonsense")).status).toBe(401);
    expect((await fetch(`${base}/api/v1/tenants`)).status).toBe(404);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
  });
});
