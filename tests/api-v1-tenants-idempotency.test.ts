import { describe, expect, it } from "vitest";
import { POST as create } from "@/app/api/v1/tenants/route";
import { PATCH } from "@/app/api/v1/tenants/[id]/route";
import { PUT } from "@/app/api/v1/tenants/by-external-id/[externalId]/route";
import { POST as importNdjson } from "@/app/api/v1/tenants/import/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { pruneExpiredRecords } from "@/lib/jobs/prune-expired-records";
import { makeUser } from "./setup/fixtures";
import { routed } from "./setup/routed";

const patch = routed(PATCH, "/api/v1/tenants/[id]");
const put = routed(PUT, "/api/v1/tenants/by-external-id/[externalId]");

const { actor: owner } = await makeUser("OWNER");
const { id: keyId, key } = await createApiKey.execute(owner, { name: "platform", scopes: ["tenants:write"] });
const { key: otherKey } = await createApiKey.execute(owner, {
  name: "second platform",
  scopes: ["tenants:write"],
});

const BASE = "http://steward.test/api/v1/tenants";
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}`;

function request(
  method: string,
  path: string,
  body: BodyInit,
  headers: Record<string, string>,
  apiKey = key,
): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

const tenantBody = (overrides: Record<string, unknown> = {}) => {
  const slug = unique("idem");
  return {
    external_id: unique("org"),
    name: `Tenant ${slug}`,
    slug,
    plan: "pro",
    contact_email: `ops@${slug}.example`,
    ...overrides,
  };
};

const postWithKey = (idempotencyKey: string, body: unknown, apiKey?: string) =>
  create(request("POST", "", JSON.stringify(body), { "idempotency-key": idempotencyKey }, apiKey));

/** A body the test hands over in two parts, so a request can be held half-read. */
function heldBody(text: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const half = Math.floor(text.length / 2);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode(text.slice(0, half)));
      await released;
      controller.enqueue(new TextEncoder().encode(text.slice(half)));
      controller.close();
    },
  });
  return { stream, release };
}

describe("POST /api/v1/tenants – Idempotency-Key", () => {
  it("the same key and body answer the first response again, marked replayed, and create one tenant", async () => {
    const idempotencyKey = unique("key");
    const body = tenantBody();
    const first = await postWithKey(idempotencyKey, body);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const created = await first.json();

    const again = await postWithKey(idempotencyKey, body);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(created);
    expect(await db.tenant.count({ where: { externalId: body.external_id } })).toBe(1);
    expect(await db.webhookEvent.count({ where: { tenantId: created.id } })).toBe(1);
    expect(
      await db.idempotencyKey.findUniqueOrThrow({
        where: { apiKeyId_key: { apiKeyId: keyId, key: idempotencyKey } },
      }),
    ).toMatchObject({
      status: 201,
      expiresAt: expect.any(Date),
    });
  });

  it("409 for the same key with another body, method or path", async () => {
    const idempotencyKey = unique("key");
    const body = tenantBody();
    expect((await postWithKey(idempotencyKey, body)).status).toBe(201);
    const otherBody = await postWithKey(idempotencyKey, { ...body, name: "Something Else" });
    expect(otherBody.status).toBe(409);
    expect((await otherBody.json()).error.message).toContain("already used for a different request");
    const otherRoute = await put(
      request("PUT", `/by-external-id/${body.external_id}`, JSON.stringify(body), {
        "idempotency-key": idempotencyKey,
      }),
    );
    expect(otherRoute.status).toBe(409);
    expect(await db.tenant.count({ where: { externalId: body.external_id } })).toBe(1);
  });

  it("409 'in progress' for a second request while the first still runs, then the first completes", async () => {
    const idempotencyKey = unique("key");
    const text = JSON.stringify(tenantBody());
    const held = heldBody(text);
    const first = create(request("POST", "", held.stream, { "idempotency-key": idempotencyKey }));
    // The first request has claimed the key once its row exists; it is waiting for the rest of its body.
    await expect
      .poll(() => db.idempotencyKey.count({ where: { key: idempotencyKey, status: null } }), {
        timeout: 5_000,
      })
      .toBe(1);
    const second = await create(request("POST", "", text, { "idempotency-key": idempotencyKey }));
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toContain("still in progress");
    held.release();
    expect((await first).status).toBe(201);
    const third = await create(request("POST", "", text, { "idempotency-key": idempotencyKey }));
    expect(third.headers.get("idempotent-replayed")).toBe("true");
  });

  it("a failed request does not keep its key: the corrected request runs under it", async () => {
    const idempotencyKey = unique("key");
    const body = tenantBody();
    expect((await postWithKey(idempotencyKey, { ...body, plan: "gold" })).status).toBe(400);
    expect(await db.idempotencyKey.count({ where: { key: idempotencyKey } })).toBe(0);
    const corrected = await postWithKey(idempotencyKey, body);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get("idempotent-replayed")).toBeNull();
  });

  it("keys belong to one API key: another key's request with the same key runs on its own", async () => {
    const idempotencyKey = unique("key");
    expect((await postWithKey(idempotencyKey, tenantBody())).status).toBe(201);
    const other = await postWithKey(idempotencyKey, tenantBody(), otherKey);
    expect(other.status).toBe(201);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
  });

  it("an expired key runs again, an abandoned claim is taken over, and the pruning job deletes expired keys", async () => {
    const expired = unique("key");
    const body = tenantBody();
    await postWithKey(expired, body);
    await db.idempotencyKey.updateMany({
      where: { key: expired },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const rerun = await postWithKey(expired, body);
    expect(rerun.status).toBe(409); // ran again: the tenant it created the first time now exists
    expect(rerun.headers.get("idempotent-replayed")).toBeNull();

    const abandoned = unique("key");
    await db.idempotencyKey.create({
      data: {
        apiKeyId: keyId,
        key: abandoned,
        requestHash: "",
        createdAt: new Date(Date.now() - 11 * 60_000),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    expect((await postWithKey(abandoned, tenantBody())).status).toBe(201);

    const stale = unique("key");
    await db.idempotencyKey.create({
      data: {
        apiKeyId: keyId,
        key: stale,
        requestHash: "x",
        status: 201,
        responseBody: {},
        expiresAt: new Date(Date.now() - 1),
      },
    });
    await pruneExpiredRecords(async () => {});
    expect(await db.idempotencyKey.count({ where: { key: stale } })).toBe(0);
    expect(await db.idempotencyKey.count({ where: { key: abandoned } })).toBe(1);
  });

  it("400 for a malformed Idempotency-Key, and nothing written", async () => {
    const body = tenantBody();
    for (const bad of ["x".repeat(256), "has space", ""]) {
      const response = await postWithKey(bad, body);
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()).error.fields)).toEqual(["Idempotency-Key"]);
    }
    expect(await db.tenant.count({ where: { externalId: body.external_id } })).toBe(0);
  });
});

describe("PATCH /api/v1/tenants/{id} – Idempotency-Key", () => {
  it("a retried status change is answered again without a second change", async () => {
    const { id } = await (await postWithKey(unique("key"), tenantBody({ status: "active" }))).json();
    const idempotencyKey = unique("key");
    const suspend = () =>
      patch(
        request("PATCH", `/${id}`, JSON.stringify({ status: "suspended", status_reason: "Fraud report" }), {
          "idempotency-key": idempotencyKey,
        }),
      );
    expect((await suspend()).status).toBe(200);
    const again = await suspend();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.webhookEvent.count({ where: { tenantId: id, type: "tenant.suspended" } })).toBe(1);
  });
});

describe("POST /api/v1/tenants/import – Idempotency-Key", () => {
  it("replays the per-line results of a streamed import", async () => {
    const idempotencyKey = unique("key");
    const text = [tenantBody(), tenantBody()].map((t) => JSON.stringify(t)).join("\n");
    const send = () =>
      importNdjson(
        request("POST", "/import", text, {
          "idempotency-key": idempotencyKey,
          "content-type": "application/x-ndjson",
        }),
      );
    const first = await send();
    expect(first.status).toBe(200);
    const results = await first.json();
    expect(results.totals).toMatchObject({ lines: 2, created: 2 });
    const again = await send();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(results);
  });
});
