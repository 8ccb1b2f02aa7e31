import { describe, expect, it } from "vitest";
import { POST as create } from "@/app/api/v1/tenants/route";
import { GET, PATCH } from "@/app/api/v1/tenants/[id]/route";
import { PUT } from "@/app/api/v1/tenants/by-external-id/[externalId]/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { makeTenant, makeUser } from "./setup/fixtures";
import { routed } from "./setup/routed";

const get = routed(GET, "/api/v1/tenants/[id]");
const patch = routed(PATCH, "/api/v1/tenants/[id]");
const put = routed(PUT, "/api/v1/tenants/by-external-id/[externalId]");

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, {
  name: "platform sync",
  scopes: ["tenants:read", "tenants:write"],
});
const { key: readOnlyKey } = await createApiKey.execute(owner, {
  name: "reporting",
  scopes: ["tenants:read"],
});

const BASE = "http://steward.test/api/v1/tenants";
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}`;

function request(method: string, path: string, body?: unknown, authorization = `Bearer ${key}`) {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { authorization, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const postTenant = (body: unknown, authorization?: string) =>
  create(request("POST", "", body, authorization));
const putTenant = (externalId: string, body: unknown, authorization?: string) =>
  put(request("PUT", `/by-external-id/${encodeURIComponent(externalId)}`, body, authorization));
const patchTenant = (ref: string, body: unknown, authorization?: string) =>
  patch(request("PATCH", `/${encodeURIComponent(ref)}`, body, authorization));
const getTenant = (ref: string, authorization?: string) =>
  get(request("GET", `/${encodeURIComponent(ref)}`, undefined, authorization));

const platformTenant = (overrides: Record<string, unknown> = {}) => {
  const slug = unique("acme");
  return {
    external_id: unique("org"),
    name: `Acme ${slug}`,
    slug,
    plan: "starter",
    contact_email: `Billing@${slug}.example`,
    timezone: "Europe/Paris",
    ...overrides,
  };
};

/** The tenant.* outbox rows of a tenant, oldest first. */
const tenantEvents = async (tenantId: string) =>
  (
    await db.webhookEvent.findMany({
      where: { tenantId, type: { startsWith: "tenant." } },
      orderBy: { seq: "asc" },
    })
  ).map((event) => event.type);

async function expectFields(response: Response, status: number, fields: Record<string, unknown>) {
  expect(response.status).toBe(status);
  const { error } = await response.json();
  expect(error.fields).toMatchObject(fields);
  return error;
}

describe("POST /api/v1/tenants", () => {
  it("201 with the tenant in wire names, audited, and exactly one tenant.created event", async () => {
    const input = platformTenant({ status: "active" });
    const response = await postTenant(input);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      id: expect.any(String),
      external_id: input.external_id,
      slug: input.slug,
      name: input.name,
      plan: "starter",
      status: "active",
      status_reason: null,
      timezone: "Europe/Paris",
      contact_email: input.contact_email.toLowerCase(),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(await tenantEvents(body.id)).toEqual(["tenant.created"]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: body.id } });
    expect(audit).toMatchObject({ action: "tenant.created", actorLabel: "api-key:platform sync" });
    expect(JSON.stringify(audit)).not.toContain(".example");
  });

  it("derives a free slug from the name when none is given, and starts the tenant trialing in UTC", async () => {
    const name = `Café Nord ${unique("x")}`;
    const first = await (await postTenant({ name, plan: "free", contact_email: "a@nord.example" })).json();
    expect(first).toMatchObject({
      slug: expect.stringMatching(/^cafe-nord-x-/),
      status: "trialing",
      timezone: "UTC",
    });
    expect(first.external_id).toBeNull();
    const second = await (
      await postTenant({ name, plan: "free", contact_email: "b@nord.example", external_id: unique("org") })
    ).json();
    expect(second.slug).toMatch(new RegExp(`^${first.slug}-[0-9a-f]{6}$`));
  });

  it("400 with a message per field, and nothing written", async () => {
    const before = await db.tenant.count();
    const response = await postTenant({
      name: "x",
      slug: "Bad Slug!",
      plan: "platinum",
      contact_email: 42,
      timezone: "Mars/Olympus",
      status: "suspended",
      external_id: "has space",
      colour: "red",
    });
    const error = await expectFields(response, 400, {
      name: ["Name needs at least 2 characters"],
      slug: ["Use lowercase letters, digits and single dashes"],
      plan: ["plan must be one of free, starter, pro, enterprise"],
      contact_email: ["contact_email must be a string"],
      timezone: ["Unknown time zone (use an IANA name such as Europe/Berlin)"],
      status: ["status must be trialing or active (the status a new tenant starts in)"],
      external_id: ["external_id cannot contain spaces or control characters"],
      _form: [expect.stringContaining("colour")],
    });
    expect(error.code).toBe("VALIDATION");
    await expectFields(await postTenant({}), 400, {
      name: ["name is required"],
      contact_email: ["contact_email is required"],
    });
    const notJson = await postTenant("{name:");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toBe("The body must be JSON.");
    expect(await db.tenant.count()).toBe(before);
  });

  it("409 for a taken slug or a known external id, with the field named", async () => {
    const existing = platformTenant();
    expect((await postTenant(existing)).status).toBe(201);
    await expectFields(await postTenant(platformTenant({ slug: existing.slug })), 409, {
      slug: [`The slug '${existing.slug}' is taken`],
    });
    await expectFields(await postTenant(platformTenant({ external_id: existing.external_id })), 409, {
      external_id: [expect.stringContaining("already exists; update it with PUT")],
    });
  });

  it("401 without a key, 403 for a key without tenants:write", async () => {
    expect((await postTenant(platformTenant(), "")).status).toBe(401);
    const refused = await postTenant(platformTenant(), `Bearer ${readOnlyKey}`);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain("tenants:write");
  });
});

describe("PUT /api/v1/tenants/by-external-id/{externalId}", () => {
  it("201 creates, 200 updates changed fields, 200 unchanged records nothing; one event per change", async () => {
    const { external_id, ...fields } = platformTenant();
    const created = await putTenant(external_id, fields);
    expect(created.status).toBe(201);
    const { id } = await created.json();

    const renamed = await putTenant(external_id, {
      ...fields,
      name: "Acme Renamed",
      contact_email: "new@acme.example",
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({
      id,
      name: "Acme Renamed",
      contact_email: "new@acme.example",
    });

    const upgraded = await putTenant(external_id, {
      ...fields,
      name: "Acme Renamed",
      contact_email: "new@acme.example",
      plan: "pro",
    });
    expect((await upgraded.json()).plan).toBe("pro");

    const again = await putTenant(external_id, {
      ...fields,
      external_id,
      name: "Acme Renamed",
      contact_email: "NEW@acme.example",
      plan: "pro",
    });
    expect(again.status).toBe(200);
    expect(await tenantEvents(id)).toEqual(["tenant.created", "tenant.updated", "tenant.plan_changed"]);
    const planChanged = await db.webhookEvent.findFirstOrThrow({
      where: { tenantId: id, type: "tenant.plan_changed" },
    });
    expect(planChanged.payload).toMatchObject({
      data: { previous_plan: "starter", tenant: { plan: "pro", external_id } },
    });
    expect(await db.auditLog.count({ where: { entityId: id } })).toBe(3);
  });

  it("keeps the slug, time zone and status of an existing tenant when the body leaves them out", async () => {
    const input = platformTenant({ status: "active" });
    await postTenant(input);
    const { external_id, slug: _slug, timezone: _timezone, ...rest } = input;
    const body = await (
      await putTenant(external_id, { ...rest, name: "Kept Slug", status: "trialing" })
    ).json();
    expect(body).toMatchObject({
      slug: input.slug,
      timezone: "Europe/Paris",
      status: "active",
      name: "Kept Slug",
    });
  });

  it("400 when the body's external_id differs from the path, or a field is bad; nothing written", async () => {
    const { external_id, ...fields } = platformTenant();
    await expectFields(await putTenant(external_id, { ...fields, external_id: "another" }), 400, {
      external_id: ["external_id in the body must match the one in the path (or be left out)"],
    });
    await expectFields(await putTenant(external_id, { ...fields, contact_email: "nope" }), 400, {
      contact_email: ["Enter a valid email address"],
    });
    expect(await db.tenant.count({ where: { externalId: external_id } })).toBe(0);
  });

  it("409 when the slug belongs to another tenant, and the tenant is left as it was", async () => {
    const other = platformTenant();
    await postTenant(other);
    const { external_id, ...fields } = platformTenant();
    await putTenant(external_id, fields);
    await expectFields(
      await putTenant(external_id, { ...fields, slug: other.slug, name: "Not Applied" }),
      409,
      {
        slug: [`The slug '${other.slug}' is taken`],
      },
    );
    expect(await db.tenant.findUniqueOrThrow({ where: { externalId: external_id } })).toMatchObject({
      slug: fields.slug,
      name: fields.name,
    });
  });
});

describe("PATCH /api/v1/tenants/{id}", () => {
  it("changes only the fields sent, by id, external id or slug; one event per change", async () => {
    const input = platformTenant();
    const { id } = await (await postTenant(input)).json();
    const byExternal = await patchTenant(input.external_id, { name: "Patched Name" });
    expect(byExternal.status).toBe(200);
    expect(await byExternal.json()).toMatchObject({
      id,
      name: "Patched Name",
      plan: "starter",
      slug: input.slug,
    });
    const bySlug = await (
      await patchTenant(input.slug, { plan: "enterprise", timezone: "Asia/Tokyo" })
    ).json();
    expect(bySlug).toMatchObject({ plan: "enterprise", timezone: "Asia/Tokyo" });
    const newExternal = unique("org");
    expect((await (await patchTenant(id, { external_id: newExternal })).json()).external_id).toBe(
      newExternal,
    );
    // The same values again change nothing and record nothing.
    expect((await patchTenant(id, { plan: "enterprise", name: "Patched Name" })).status).toBe(200);
    expect(await tenantEvents(id)).toEqual([
      "tenant.created",
      "tenant.updated",
      "tenant.plan_changed",
      "tenant.updated",
    ]);
  });

  it("suspends, reactivates and cancels through the owner's use cases, audited with the reason", async () => {
    const { id } = await (await postTenant(platformTenant({ status: "active" }))).json();
    const suspended = await patchTenant(id, {
      status: "suspended",
      status_reason: "Chargeback on the platform",
    });
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({
      status: "suspended",
      status_reason: "Chargeback on the platform",
    });
    // Asking again for the status it has changes nothing.
    expect((await patchTenant(id, { status: "suspended", status_reason: "Again" })).status).toBe(200);
    expect(
      (await (await patchTenant(id, { status: "active", status_reason: "Resolved" })).json()).status,
    ).toBe("active");
    expect(
      (await (await patchTenant(id, { status: "cancelled", status_reason: "Left the platform" })).json())
        .status,
    ).toBe("cancelled");
    expect(await tenantEvents(id)).toEqual([
      "tenant.created",
      "tenant.suspended",
      "tenant.reactivated",
      "tenant.cancelled",
    ]);
    const audits = await db.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual([
      "tenant.created",
      "tenant.suspended",
      "tenant.reactivated",
      "tenant.cancelled",
    ]);
    expect(audits[1].after).toMatchObject({ reason: "Chargeback on the platform" });

    const refused = await patchTenant(id, { status: "suspended", status_reason: "Too late" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toContain("Only a trialing, active or past-due tenant");
  });

  it("400 for a status without reason, a status mixed with edits, an empty patch or bad fields", async () => {
    const input = platformTenant();
    const { id } = await (await postTenant(input)).json();
    await expectFields(await patchTenant(id, { status: "suspended" }), 400, {
      status_reason: ["status_reason is required to change status"],
    });
    await expectFields(
      await patchTenant(id, { status: "suspended", status_reason: "Fraud", plan: "pro" }),
      400,
      {
        status: ["Change status in a request of its own, not with plan"],
      },
    );
    await expectFields(await patchTenant(id, { status: "past_due", status_reason: "Unpaid" }), 400, {
      status: [expect.stringContaining("status must be suspended, cancelled or active")],
    });
    await expectFields(await patchTenant(id, {}), 400, { _form: ["Send at least one field to change"] });
    await expectFields(await patchTenant(id, { slug: "-bad-", name: "" }), 400, {
      slug: ["Use lowercase letters, digits and single dashes"],
      name: ["Name needs at least 2 characters"],
    });
    expect(await tenantEvents(id)).toEqual(["tenant.created"]);
  });

  it("409 for another tenant's slug or external id, 404 for an unknown tenant; nothing changes", async () => {
    const first = platformTenant();
    const second = platformTenant();
    await postTenant(first);
    const { id } = await (await postTenant(second)).json();
    await expectFields(await patchTenant(id, { slug: first.slug, name: "Not Applied" }), 409, {
      slug: ["This slug is taken"],
    });
    await expectFields(await patchTenant(id, { external_id: first.external_id }), 409, {
      external_id: [expect.stringContaining("belongs to another tenant")],
    });
    expect((await patchTenant("no-such-tenant", { name: "Ghost" })).status).toBe(404);
    expect(await db.tenant.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: second.name });
    expect(await tenantEvents(id)).toEqual(["tenant.created"]);
  });
});

describe("GET /api/v1/tenants/{id}", () => {
  it("finds one tenant by id, external id or slug (in that order), with tenants:read", async () => {
    const input = platformTenant();
    const { id } = await (await postTenant(input)).json();
    for (const ref of [id, input.external_id, input.slug]) {
      const response = await getTenant(ref, `Bearer ${readOnlyKey}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        id,
        external_id: input.external_id,
        contact_email: expect.any(String),
      });
    }
    // A name that is one tenant's external id and another's slug means the external id.
    const owner2 = await makeTenant(owner);
    const { id: other } = await (await postTenant(platformTenant({ external_id: owner2.slug }))).json();
    expect((await (await getTenant(owner2.slug)).json()).id).toBe(other);
  });

  it("404 for an unknown tenant, 401 without a key", async () => {
    const missing = await getTenant("no-such-tenant");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
    expect((await getTenant("anything", "")).status).toBe(401);
  });
});
