import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/tenants/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { forgetVerifiedKeys } from "@/lib/api-keys/authenticate-api-key";
import { db } from "@/lib/db";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const { id: keyId, key } = await createApiKey.execute(owner, {
  name: "billing sync",
  scopes: ["tenants:read"],
});
for (let i = 0; i < 3; i++) await makeTenant(owner, { plan: "enterprise" });

const call = (query: string, authorization: string | null = `Bearer ${key}`) =>
  GET(
    new Request(`http://steward.test/api/v1/tenants${query}`, {
      headers: authorization ? { authorization } : {},
    }),
  );

describe("GET /api/v1/tenants", () => {
  it("200 with a page of tenants and the paging totals", async () => {
    const response = await call("?plan=enterprise&pageSize=2&sort=name&dir=asc");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.pagination).toEqual({ page: 1, pageSize: 2, total: 3, pageCount: 2 });
    expect(body.data).toHaveLength(2);
    expect(body.data[0]).toMatchObject({
      plan: "enterprise",
      contactEmail: expect.stringMatching(/@tenant-.*\.example$/),
    });
    expect(body.data[0]).not.toHaveProperty("contactEmailEncrypted");
  });

  it("400 with a message per field on bad paging and filters", async () => {
    const response = await call("?page=0&pageSize=500&status=frozen&sort=secret");
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("VALIDATION");
    expect(Object.keys(error.fields).sort()).toEqual(["page", "pageSize", "sort", "status"]);
    expect(error.fields.pageSize).toEqual(["pageSize is at most 200"]);

    // PostgreSQL cannot store or compare a NUL character: refused before any query.
    const nul = await call("?q=acme%00");
    expect(nul.status).toBe(400);
    expect((await nul.json()).error.fields).toEqual({ q: ["must not contain a NUL character"] });
  });

  it("401 without a key, with a malformed key, or with an unknown key", async () => {
    for (const authorization of [null, "Bearer nonsense", `Bearer ${key.slice(0, -4)}AAAA`, `Basic ${key}`]) {
      const response = await call("", authorization);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("403 for a key without the tenants:read scope", async () => {
    const other = await db.apiKey.update({ where: { id: keyId }, data: { scopes: [] } });
    forgetVerifiedKeys(); // changed behind the app's back: as if the few seconds keys are remembered had passed
    const response = await call("");
    expect(response.status).toBe(403);
    await db.apiKey.update({ where: { id: other.id }, data: { scopes: ["tenants:read"] } });
  });

  it("records when a key was last used, and refuses it once revoked", async () => {
    await db.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: null } });
    forgetVerifiedKeys();
    expect((await call("")).status).toBe(200);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt).not.toBeNull();
    await revokeApiKey.execute(owner, { id: keyId });
    expect((await call("")).status).toBe(401);
  });

  it("stores only a digest of the key", async () => {
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    // The secret is everything after "stw_<prefix>_" (it may itself contain "_").
    expect(JSON.stringify(stored)).not.toContain(key.slice("stw_".length + 9));
  });
});
