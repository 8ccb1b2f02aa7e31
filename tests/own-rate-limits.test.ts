import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/tenants/route";
import { POST as signInPost } from "@/app/api/auth/[...nextauth]/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/trusted-proxies";
import { db } from "@/lib/db";
import { checkOwnLimit, readOwnLimits } from "@/lib/rate-limits/own-limits";
import { updateOwnLimits } from "@/lib/rate-limits/update-own-limits";
import { webRedis, whenReady } from "@/lib/redis";
import { makeUser } from "./setup/fixtures";

await whenReady(webRedis());

const { actor: owner } = await makeUser("OWNER");
const { actor: reviewer } = await makeUser("REVIEWER");
const { key } = await createApiKey.execute(owner, { name: "sync", scopes: ["tenants:read"] });
const { key: otherKey } = await createApiKey.execute(owner, { name: "other", scopes: ["tenants:read"] });

const listTenants = (apiKey: string) =>
  GET(new Request("http://steward.test/api/v1/tenants", { headers: { authorization: `Bearer ${apiKey}` } }));

describe("Steward's own limits", () => {
  it("the owner sets them, audited; a reviewer cannot; bad values are field errors", async () => {
    expect(await readOwnLimits()).toEqual({ apiPerMinute: 600, signInPerMinute: 30 });
    await expect(
      updateOwnLimits.execute(reviewer, { apiPerMinute: 10, signInPerMinute: 3 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      updateOwnLimits.execute(owner, { apiPerMinute: 1, signInPerMinute: "lots" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { apiPerMinute: expect.any(Array), signInPerMinute: expect.any(Array) },
    });
    await updateOwnLimits.execute(owner, { apiPerMinute: "10", signInPerMinute: "3" });
    expect(await readOwnLimits()).toEqual({ apiPerMinute: 10, signInPerMinute: 3 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "own_rate_limits.updated" } });
    expect(audit.after).toEqual({ apiPerMinute: 10, signInPerMinute: 3 });
  });

  it("GET /api/v1/tenants – 429 with RateLimit-* and Retry-After once a key spent its minute; other keys go on", async () => {
    const first = await listTenants(key);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("10");
    expect(first.headers.get("ratelimit-remaining")).toBe("9");
    for (let n = 1; n < 10; n++) expect((await listTenants(key)).status).toBe(200);
    const refused = await listTenants(key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("RATE_LIMITED");
    expect((await listTenants(otherKey)).status).toBe(200);
  });

  it("POST /api/auth/callback/credentials – 429 for an address past its sign-in attempts, with the message for the form", async () => {
    const address = "198.51.100.77";
    for (let n = 0; n < 3; n++) expect((await checkOwnLimit("sign_in", address))?.allowed).toBe(true);
    const response = await signInPost(
      new Request("http://steward.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { [CLIENT_ADDRESS_HEADER]: address, "content-type": "application/x-www-form-urlencoded" },
        body: "email=owner%40example.test&password=whatever",
      }),
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("ratelimit-limit")).toBe("3");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await response.json();
    expect(new URL(body.url).searchParams.get("error")).toMatch(
      /Too many sign-in attempts from your address/,
    );
    expect((await checkOwnLimit("sign_in", "198.51.100.78"))?.allowed).toBe(true);
  });
});
