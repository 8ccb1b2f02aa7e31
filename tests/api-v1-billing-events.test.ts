import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { signatureHeaders, signBody } from "@/lib/billing/signature";
import { makeTenant, makeUser } from "./setup/fixtures";

// Read once by env(): this file runs with signatures required.
const SECRET = "billing-events-test-secret";
process.env.BILLING_EVENTS_SECRET = SECRET;
const { POST } = await import("@/app/api/v1/billing/events/route");

await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "billing system", scopes: ["billing:write"] });
const { key: readOnlyKey } = await createApiKey.execute(owner, {
  name: "reporting",
  scopes: ["tenants:read"],
});
const tenant = await makeTenant(owner);
let keys = 0;
const uniqueKey = () => `evt-${Date.now()}-${keys++}`;

function post(body: unknown, options: { authorization?: string; headers?: Record<string, string> } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return POST(
    new Request("http://steward.test/api/v1/billing/events", {
      method: "POST",
      headers: {
        authorization: options.authorization ?? `Bearer ${key}`,
        "content-type": "application/json",
        ...signatureHeaders(SECRET, text),
        ...options.headers,
      },
      body: text,
    }),
  );
}

const trialStarted = (idempotencyKey: string, data: Record<string, unknown> = {}) => ({
  idempotency_key: idempotencyKey,
  type: "trial_started",
  data: { tenant: tenant.slug, plan: "pro", ...data },
});

async function expectFields(response: Response, fields: Record<string, string[]>) {
  expect(response.status).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe("VALIDATION");
  expect(error.fields).toMatchObject(fields);
}

describe("POST /api/v1/billing/events", () => {
  it("starts a trial, and a replay of the same key returns the first result and changes nothing", async () => {
    const idempotencyKey = uniqueKey();
    const first = await post(trialStarted(idempotencyKey, { trial_days: 30 }));
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({
      idempotency_key: idempotencyKey,
      type: "trial_started",
      replayed: false,
      result: { trial: { id: expect.any(String), status: "active" } },
    });

    // Same event, keys in another order and extra whitespace: still the same body.
    const replay = await post(
      `{ "data": { "trial_days": 30, "plan": "pro", "tenant": "${tenant.slug}" }, "type": "trial_started", "idempotency_key": "${idempotencyKey}" }`,
    );
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual({ ...body, replayed: true });
    expect(await db.trial.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(await db.billingActivity.count({ where: { tenantId: tenant.id, kind: "trial_started" } })).toBe(1);
  });

  it("409 when a key is reused for a different body, or the tenant already has a running trial", async () => {
    const idempotencyKey = uniqueKey();
    const other = await makeTenant(owner);
    expect((await post(trialStarted(idempotencyKey, { tenant: other.slug }))).status).toBe(200);
    const reused = await post(trialStarted(idempotencyKey, { tenant: other.slug, trial_days: 7 }));
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.message).toContain("already used for a different event");

    const second = await post(trialStarted(uniqueKey(), { tenant: other.slug }));
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toContain("already has an active trial");
  });

  it("deliveries racing with one key apply the event once and all answer with its result", async () => {
    const other = await makeTenant(owner);
    const idempotencyKey = uniqueKey();
    const event = {
      idempotency_key: idempotencyKey,
      type: "payment_failed",
      data: {
        tenant: other.slug,
        amount: 1999,
        currency: "USD",
        provider_reference: `ch_${other.slug}`,
        failure_code: "card_declined",
      },
    };
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(event)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b) => !b.replayed)).toHaveLength(1);
    for (const body of bodies) expect(body.result).toEqual(bodies[0].result);
    expect(await db.payment.count({ where: { tenantId: other.id } })).toBe(1);
    expect(
      await db.emailLog.count({
        where: {
          dedupeKey: { startsWith: "payment:" },
          templateKey: "payment_failed",
          createdAt: { gte: new Date(Date.now() - 60_000) },
        },
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("400 with field messages for wrong types, missing fields, unknown types or fields, and bodies that are not JSON", async () => {
    const charge = {
      tenant: tenant.slug,
      amount: 4900,
      currency: "EUR",
      provider_reference: "ch_x",
      failure_code: "card_declined",
    };
    await expectFields(await post({ type: "trial_started", data: { tenant: tenant.slug, plan: "pro" } }), {
      idempotency_key: ["idempotency_key is required"],
    });
    await expectFields(await post({ idempotency_key: uniqueKey(), type: "refund_issued", data: {} }), {
      type: [expect.stringContaining("type must be one of trial_started, payment_succeeded")],
    });
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "payment_failed",
        data: { ...charge, amount: "49.00" },
      }),
      { "data.amount": ["amount must be a number of minor units (e.g. cents)"] },
    );
    await expectFields(
      await post({ idempotency_key: uniqueKey(), type: "payment_failed", data: { ...charge, amount: 49.5 } }),
      { "data.amount": ["amount must be a whole number of minor units (e.g. cents)"] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "payment_failed",
        data: { ...charge, currency: "euro" },
      }),
      { "data.currency": ["currency must be an ISO 4217 code, e.g. EUR"] },
    );
    const { failure_code: _omitted, ...withoutCode } = charge;
    await expectFields(
      await post({ idempotency_key: uniqueKey(), type: "payment_failed", data: withoutCode }),
      { "data.failure_code": ["failure_code is required (e.g. insufficient_funds)"] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "trial_started",
        data: { tenant: tenant.slug, plan: "gold" },
      }),
      { "data.plan": ["plan must be one of free, starter, pro, enterprise"] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "trial_started",
        data: { tenant: tenant.slug, plan: "pro", coupon: "FREE" },
      }),
      { data: [expect.stringContaining("coupon")] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "trial_started",
        occurred_at: "yesterday",
        data: { tenant: tenant.slug, plan: "pro" },
      }),
      { occurred_at: [expect.stringContaining("ISO 8601")] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "trial_started",
        occurred_at: new Date(Date.now() + 3_600_000).toISOString(),
        data: { tenant: tenant.slug, plan: "pro" },
      }),
      { occurred_at: ["occurred_at is in the future"] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "payment_failed",
        data: { ...charge, amount: 3_000_000_000 },
      }),
      { "data.amount": ["amount is at most 2147483647 minor units"] },
    );
    await expectFields(
      await post({
        idempotency_key: `${uniqueKey()}\u0000`,
        type: "trial_started",
        data: { tenant: tenant.slug, plan: "pro" },
      }),
      { idempotency_key: ["must not contain a NUL character"] },
    );
    const notJson = await post("{type: trial_started");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toBe("The body must be JSON.");
  });

  it("422 for an unknown tenant without what creating it needs, and nothing is stored under the key", async () => {
    const idempotencyKey = uniqueKey();
    const response = await post(trialStarted(idempotencyKey, { tenant: "no-such-tenant" }));
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error).toEqual({
      code: "UNPROCESSABLE",
      message:
        "No tenant with slug 'no-such-tenant'. To create it, send data.external_id, data.name, data.contact_email.",
      fields: {
        "data.external_id": ["external_id is required to create a tenant Steward does not know yet"],
        "data.name": ["name is required to create a tenant Steward does not know yet"],
        "data.contact_email": ["contact_email is required to create a tenant Steward does not know yet"],
      },
    });
    expect(await db.billingEvent.count({ where: { idempotencyKey } })).toBe(0);

    const externalOnly = await post({
      idempotency_key: uniqueKey(),
      type: "payment_failed",
      data: {
        external_id: "platform-org-unknown",
        name: "Half Known",
        amount: 100,
        currency: "EUR",
        provider_reference: "ch_unknown",
        failure_code: "card_declined",
      },
    });
    expect(externalOnly.status).toBe(422);
    expect((await externalOnly.json()).error.fields).toEqual({
      "data.contact_email": ["contact_email is required to create a tenant Steward does not know yet"],
    });
    expect(await db.tenant.count({ where: { externalId: "platform-org-unknown" } })).toBe(0);
  });

  it("creates an unknown tenant from the event's external_id, name and contact_email, with one tenant.created", async () => {
    const externalId = `org_${uniqueKey()}`;
    const response = await post({
      idempotency_key: uniqueKey(),
      type: "trial_started",
      data: {
        external_id: externalId,
        name: "Brand New Platform Customer",
        contact_email: "Owner@BrandNew.example",
        timezone: "Asia/Tokyo",
        plan: "starter",
        trial_days: 7,
      },
    });
    expect(response.status).toBe(200);
    const created = await db.tenant.findUniqueOrThrow({ where: { externalId } });
    expect(created).toMatchObject({
      name: "Brand New Platform Customer",
      slug: "brand-new-platform-customer",
      plan: "starter",
      status: "trialing",
      timezone: "Asia/Tokyo",
    });
    expect(await db.trial.count({ where: { tenantId: created.id, status: "active" } })).toBe(1);
    const events = await db.webhookEvent.findMany({
      where: { tenantId: created.id, type: { startsWith: "tenant." } },
    });
    expect(events.map((e) => e.type)).toEqual(["tenant.created"]);
    expect(await db.auditLog.count({ where: { entityId: created.id, action: "tenant.created" } })).toBe(1);

    // Later events name it by external id alone, even next to another tenant's slug.
    const paid = await post({
      idempotency_key: uniqueKey(),
      type: "payment_succeeded",
      data: {
        external_id: externalId,
        tenant: tenant.slug,
        amount: 2900,
        currency: "EUR",
        provider_reference: `ch_${externalId}`,
      },
    });
    expect(paid.status).toBe(200);
    expect((await paid.json()).result.tenant).toEqual({ id: created.id, status: "active" });
    expect(await db.tenant.count({ where: { externalId } })).toBe(1);
  });

  it("creates a payment's unknown tenant active under the slug the event gives, and 400 without tenant or external_id", async () => {
    const slug = `new-${Date.now().toString(36)}`;
    const response = await post({
      idempotency_key: uniqueKey(),
      type: "payment_succeeded",
      data: {
        tenant: slug,
        external_id: `org_${slug}`,
        name: "Paying Newcomer",
        contact_email: "pay@newcomer.example",
        amount: 4900,
        currency: "USD",
        provider_reference: `ch_${slug}`,
      },
    });
    expect(response.status).toBe(200);
    expect(await db.tenant.findUniqueOrThrow({ where: { slug } })).toMatchObject({
      externalId: `org_${slug}`,
      status: "active",
      plan: "free",
      timezone: "UTC",
    });

    await expectFields(
      await post({ idempotency_key: uniqueKey(), type: "subscription_cancelled", data: { reason: "Gone" } }),
      { "data.tenant": ["tenant is required (the tenant's slug) unless external_id is given"] },
    );
    await expectFields(
      await post({
        idempotency_key: uniqueKey(),
        type: "subscription_cancelled",
        data: { external_id: "org x", contact_email: "nope" },
      }),
      {
        "data.external_id": ["external_id cannot contain spaces or control characters"],
        "data.contact_email": ["Enter a valid email address"],
      },
    );
  });

  it("401 for a missing, wrong or stale signature; 401/403 for a missing or unscoped key", async () => {
    const body = JSON.stringify(trialStarted(uniqueKey()));
    const timestamp = Math.floor(Date.now() / 1000);
    const cases: [Record<string, string>, string][] = [
      [
        { "x-steward-signature": "", "x-steward-timestamp": "" },
        "requires the x-steward-timestamp and x-steward-signature headers",
      ],
      [{ "x-steward-signature": signBody("another-secret-entirely", timestamp, body) }, "does not match"],
      [{ "x-steward-signature": signBody(SECRET, timestamp, body + " ") }, "does not match"],
      [
        {
          "x-steward-timestamp": String(timestamp - 600),
          "x-steward-signature": signBody(SECRET, timestamp - 600, body),
        },
        "more than 5 minutes",
      ],
    ];
    for (const [headers, message] of cases) {
      const response = await post(body, { headers });
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toContain(message);
    }
    expect((await post(body, { authorization: "" })).status).toBe(401);
    expect((await post(body, { authorization: `Bearer ${readOnlyKey}` })).status).toBe(403);
    expect(await db.billingEvent.count()).toBeGreaterThan(0);
    expect(await db.trial.count({ where: { tenant: { slug: tenant.slug } } })).toBe(1);
  });
});
