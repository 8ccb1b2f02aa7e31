import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { decideItem, reopenItem } from "@/lib/review/human/review-actions";
import { makeTenant, makeUser } from "./setup/fixtures";
import { routed } from "./setup/routed";

// Read once by env(): a developer's ANTHROPIC_API_KEY must not switch this file to the AI engine.
process.env.REVIEW_ENGINE = "rules";
const { POST } = await import("@/app/api/v1/payment-issues/route");
const GET = routed(
  (await import("@/app/api/v1/payment-issues/[id]/route")).GET,
  "/api/v1/payment-issues/[id]",
);

const DAY = 86_400_000;
const { actor: owner } = await makeUser("OWNER");
const { key: writeKey } = await createApiKey.execute(owner, {
  name: "platform",
  scopes: ["payment-issues:write"],
});
const { key: readKey } = await createApiKey.execute(owner, {
  name: "platform status",
  scopes: ["payment-issues:read"],
});
const { key: tenantsKey } = await createApiKey.execute(owner, {
  name: "reporting",
  scopes: ["tenants:read"],
});
const tenant = await makeTenant(owner, { name: "Acme" });
const { id: tenantId } = tenant;
let keys = 0;
const uniqueKey = () => `issue-${Date.now()}-${keys++}`;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

function post(body: unknown, authorization = `Bearer ${writeKey}`) {
  return POST(
    new Request("http://steward.test/api/v1/payment-issues", {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

function get(id: string, authorization = `Bearer ${readKey}`, options: { raw?: boolean } = {}) {
  return GET(
    new Request(`http://steward.test/api/v1/payment-issues/${options.raw ? id : encodeURIComponent(id)}`, {
      headers: { authorization },
    }),
  );
}

/** A valid `details` of each type, which the bad-input cases break one field at a time. */
const VALID = {
  decline: {
    payment_reference: "ch_decline",
    amount: 4900,
    currency: "EUR",
    decline_code: "insufficient_funds",
    attempt: 1,
  },
  missed_installment: {
    plan_reference: "plan_1",
    installment: 3,
    amount: 2500,
    currency: "EUR",
    due_date: daysAgo(10),
  },
  dispute: {
    payment_reference: "ch_dispute",
    amount: 4900,
    currency: "EUR",
    reason: "fraudulent",
    evidence_due_by: daysAgo(-7),
  },
  refund_request: {
    payment_reference: "ch_refund",
    amount: 1999,
    currency: "EUR",
    paid_on: daysAgo(3),
    reason: "Bought the wrong plan",
    service_delivered: true,
  },
} as const;
type IssueType = keyof typeof VALID;

const issue = (
  type: IssueType,
  details: Record<string, unknown> = {},
  envelope: Record<string, unknown> = {},
) => ({
  idempotency_key: uniqueKey(),
  type,
  tenant: tenant.slug,
  details: { ...VALID[type], ...details },
  ...envelope,
});

function without(type: IssueType, field: string) {
  const body = issue(type);
  delete (body.details as Record<string, unknown>)[field];
  return body;
}

async function expectFields(response: Response, fields: Record<string, unknown[]>) {
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(400);
  expect(body.error.code).toBe("VALIDATION");
  expect(body.error.fields).toEqual(fields);
}

describe("POST /api/v1/payment-issues", () => {
  it("records an issue for the tenant named by slug: 202 with the issue deciding, one item with its evidence, key and hash, and an audit entry by the key", async () => {
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
    const body = issue("dispute", { amount: 4900, reason: "fraudulent" }, { occurred_at: occurredAt });
    const response = await post(body);
    expect(response.status).toBe(202);
    expect(response.headers.get("idempotent-replayed")).toBeNull();
    const created = await response.json();
    expect(created).toEqual({
      id: expect.any(String),
      type: "dispute",
      tenant: { id: tenantId, slug: tenant.slug },
      status: "deciding",
      received_at: expect.any(String),
      due_at: expect.any(String),
      recommendation: null,
      decision: null,
      execution: null,
      replayed: false,
    });
    // Disputes are due within 24 hours by default.
    expect(Date.parse(created.due_at) - Date.parse(created.received_at)).toBe(24 * 3_600_000);

    const item = await db.reviewItem.findUniqueOrThrow({ where: { id: created.id } });
    expect(item).toMatchObject({
      kind: "payment_dispute",
      status: "pending",
      tenantId,
      source: "api.payment-issues",
      dedupeKey: `payment-issue:${body.idempotency_key}`,
      summary: "Acme: dispute of €49.00 (fraudulent)",
    });
    expect(item.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(item.evidence).toEqual({ type: "dispute", details: body.details, occurredAt });
    const audit = await db.auditLog.findMany({ where: { entityType: "review_item", entityId: created.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "review_item.raised",
        actorLabel: "api-key:platform",
        actorId: null,
      }),
    ]);
  });

  it("takes the tenant by id as well, and writes each type's summary with its money", async () => {
    const summaries: Record<IssueType, string> = {
      decline: "Acme: decline of €49.00 (insufficient_funds, attempt 1)",
      missed_installment: `Acme: missed installment of €25.00 (no. 3, due ${VALID.missed_installment.due_date})`,
      dispute: "Acme: dispute of €49.00 (fraudulent)",
      refund_request: `Acme: refund request of €19.99 (paid ${VALID.refund_request.paid_on})`,
    };
    for (const type of Object.keys(VALID) as IssueType[]) {
      const response = await post({ ...issue(type), tenant: tenantId });
      expect(response.status).toBe(202);
      const created = await response.json();
      expect(created).toMatchObject({
        type,
        tenant: { id: tenantId, slug: tenant.slug },
        status: "deciding",
      });
      expect((await db.reviewItem.findUniqueOrThrow({ where: { id: created.id } })).summary).toBe(
        summaries[type],
      );
    }
    // Currency decides the decimals; a lowercase code is taken as the code.
    const yen = await (await post(issue("refund_request", { amount: 5000, currency: "jpy" }))).json();
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: yen.id } })).summary).toBe(
      `Acme: refund request of ¥5,000 (paid ${VALID.refund_request.paid_on})`,
    );
  });

  it("a replay of the same body answers 200 with the original issue and the replay header, even with keys reordered, another offset or the tenant by id", async () => {
    const at = new Date(Date.now() - 3_600_000);
    const body = issue("decline", {}, { occurred_at: at.toISOString() });
    const first = await post(body);
    expect(first.status).toBe(202);
    const created = await first.json();

    // The same instant written in UTC+2.
    const offset = new Date(at.getTime() + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
    const reordered = `{ "details": { "attempt": 1, "decline_code": "Insufficient_Funds", "currency": "eur", "amount": 4900, "payment_reference": " ch_decline " },
      "occurred_at": "${offset}", "tenant": "${tenantId}", "type": "decline", "idempotency_key": "${body.idempotency_key}" }`;
    for (const replayBody of [body, reordered]) {
      const replay = await post(replayBody);
      expect(replay.status).toBe(200);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(await replay.json()).toEqual({ ...created, replayed: true });
    }
    expect(await db.reviewItem.count({ where: { dedupeKey: `payment-issue:${body.idempotency_key}` } })).toBe(
      1,
    );
    expect(await db.auditLog.count({ where: { entityId: created.id } })).toBe(1);
  });

  it("409 when a key is reused for another body or another tenant, and the first issue stays as it was", async () => {
    const body = issue("refund_request");
    const created = await (await post(body)).json();
    const other = await makeTenant(owner);
    for (const reused of [
      { ...body, details: { ...body.details, amount: 2999 } },
      { ...body, tenant: other.slug },
      { ...body, occurred_at: new Date().toISOString() },
    ]) {
      const response = await post(reused);
      expect(response.status).toBe(409);
      expect((await response.json()).error.message).toBe(
        `idempotency_key '${body.idempotency_key}' was already used for a different payment issue.`,
      );
    }
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id: created.id } });
    expect((item.evidence as { details: { amount: number } }).details.amount).toBe(1999);
    expect(await db.reviewItem.count({ where: { tenantId: other.id } })).toBe(0);
  });

  it("5 deliveries racing with one key create one item, and all answer the same issue", async () => {
    const body = issue("missed_installment");
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 202]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(bodies.filter((b) => !b.replayed)).toHaveLength(1);
    expect(await db.reviewItem.count({ where: { dedupeKey: `payment-issue:${body.idempotency_key}` } })).toBe(
      1,
    );
    expect(await db.auditLog.count({ where: { entityId: bodies[0].id, action: "review_item.raised" } })).toBe(
      1,
    );
  });

  it("400 with field messages for each type's missing fields, wrong types, extra keys, bad currency or amounts and bad dates; nothing is stored", async () => {
    const before = await db.reviewItem.count();
    const amountCases = [
      ["49.00", "amount must be a number of minor units (e.g. cents)"],
      [-100, "amount must be greater than 0"],
      [0, "amount must be greater than 0"],
      [49.5, "amount must be a whole number of minor units (e.g. cents)"],
      [3_000_000_000, "amount is at most 2147483647 minor units"],
    ] as const;
    for (const type of Object.keys(VALID) as IssueType[]) {
      await expectFields(await post(without(type, "amount")), {
        "details.amount": ["amount must be a number of minor units (e.g. cents)"],
      });
      await expectFields(await post(without(type, "currency")), {
        "details.currency": ["currency is required: an ISO 4217 code, e.g. EUR"],
      });
      for (const [amount, message] of amountCases)
        await expectFields(await post(issue(type, { amount })), { "details.amount": [message] });
      for (const currency of ["euro", "E1R", "XYZ", ""])
        await expectFields(await post(issue(type, { currency })), {
          "details.currency": ["currency must be an ISO 4217 code, e.g. EUR"],
        });
      await expectFields(await post(issue(type, { currency: 978 })), {
        "details.currency": ["currency is required: an ISO 4217 code, e.g. EUR"],
      });
      await expectFields(await post(issue(type, { coupon: "FREE" })), {
        details: [`Unknown field: coupon (details takes ${Object.keys(VALID[type]).join(", ")})`],
      });
      await expectFields(await post({ ...issue(type), details: undefined }), {
        details: [`details is required: an object with ${Object.keys(VALID[type]).join(", ")}`],
      });
      await expectFields(await post({ ...issue(type), details: [] }), {
        details: [`details is required: an object with ${Object.keys(VALID[type]).join(", ")}`],
      });
    }

    // Each type's own fields.
    await expectFields(await post(without("decline", "payment_reference")), {
      "details.payment_reference": ["payment_reference is required"],
    });
    await expectFields(await post(issue("decline", { payment_reference: "  " })), {
      "details.payment_reference": ["payment_reference is required"],
    });
    await expectFields(await post(without("decline", "decline_code")), {
      "details.decline_code": ["decline_code is required (e.g. insufficient_funds)"],
    });
    await expectFields(await post(issue("decline", { decline_code: "card declined!" })), {
      "details.decline_code": ["decline_code is a short code such as insufficient_funds"],
    });
    await expectFields(await post(issue("decline", { attempt: "1" })), {
      "details.attempt": ["attempt must be a number"],
    });
    await expectFields(await post(issue("decline", { attempt: 0 })), {
      "details.attempt": ["attempt is at least 1"],
    });
    await expectFields(await post(issue("decline", { attempt: 1.5 })), {
      "details.attempt": ["attempt must be a whole number"],
    });
    await expectFields(await post(without("missed_installment", "plan_reference")), {
      "details.plan_reference": ["plan_reference is required"],
    });
    await expectFields(await post(without("missed_installment", "installment")), {
      "details.installment": ["installment must be a number"],
    });
    await expectFields(await post(issue("missed_installment", { installment: 1001 })), {
      "details.installment": ["installment is at most 1000"],
    });
    await expectFields(await post(without("missed_installment", "due_date")), {
      "details.due_date": ["due_date must be a date, YYYY-MM-DD"],
    });
    await expectFields(await post(issue("missed_installment", { due_date: "2026-02-30" })), {
      "details.due_date": ["due_date must be a date, YYYY-MM-DD"],
    });
    await expectFields(await post(issue("missed_installment", { due_date: "05/01/2026" })), {
      "details.due_date": ["due_date must be a date, YYYY-MM-DD"],
    });
    await expectFields(await post(issue("missed_installment", { due_date: daysAgo(-3) })), {
      "details.due_date": ["due_date is in the future: an installment is missed only once it is due"],
    });
    await expectFields(await post(without("dispute", "reason")), {
      "details.reason": [expect.stringContaining("reason must be one of fraudulent, duplicate")],
    });
    await expectFields(await post(issue("dispute", { reason: "angry" })), {
      "details.reason": [expect.stringContaining("reason must be one of fraudulent, duplicate")],
    });
    await expectFields(await post(issue("dispute", { evidence_due_by: "next week" })), {
      "details.evidence_due_by": ["evidence_due_by must be a date, YYYY-MM-DD"],
    });
    await expectFields(await post(without("refund_request", "paid_on")), {
      "details.paid_on": ["paid_on must be a date, YYYY-MM-DD"],
    });
    await expectFields(await post(issue("refund_request", { paid_on: "2026-01-01T00:00:00Z" })), {
      "details.paid_on": ["paid_on must be a date, YYYY-MM-DD"],
    });
    await expectFields(await post(issue("refund_request", { paid_on: daysAgo(-3) })), {
      "details.paid_on": ["paid_on is in the future"],
    });
    await expectFields(await post(without("refund_request", "reason")), {
      "details.reason": ["reason is required (the customer's words)"],
    });
    await expectFields(await post(issue("refund_request", { reason: "x".repeat(1001) })), {
      "details.reason": ["reason is at most 1000 characters"],
    });
    await expectFields(await post(issue("refund_request", { service_delivered: "yes" })), {
      "details.service_delivered": ["service_delivered must be true or false"],
    });
    await expectFields(await post(issue("refund_request", { reason: "nul\u0000byte" })), {
      "details.reason": ["must not contain a NUL character"],
    });
    // Fields of another type are unknown here.
    await expectFields(await post(issue("decline", { paid_on: daysAgo(1) })), {
      details: [expect.stringContaining("Unknown field: paid_on")],
    });
    // Several problems at once are all named.
    await expectFields(await post(issue("decline", { amount: -1, currency: "eu", attempt: "first" })), {
      "details.amount": ["amount must be greater than 0"],
      "details.currency": ["currency must be an ISO 4217 code, e.g. EUR"],
      "details.attempt": ["attempt must be a number"],
    });
    expect(await db.reviewItem.count()).toBe(before);
  });

  it("400 for the envelope: the key, an unknown or missing type, the tenant, unknown fields, occurred_at, and bodies that are not a JSON object", async () => {
    const before = await db.reviewItem.count();
    const { idempotency_key: _omitted, ...withoutKey } = issue("decline");
    await expectFields(await post(withoutKey), {
      idempotency_key: ["idempotency_key is required (1–200 characters)"],
    });
    await expectFields(await post(issue("decline", {}, { idempotency_key: "   " })), {
      idempotency_key: ["idempotency_key is required (1–200 characters)"],
    });
    await expectFields(await post(issue("decline", {}, { idempotency_key: "k".repeat(201) })), {
      idempotency_key: ["idempotency_key is at most 200 characters"],
    });
    expect((await post(issue("decline", {}, { idempotency_key: "k".repeat(200) }))).status).toBe(202);
    await expectFields(await post(issue("decline", {}, { idempotency_key: "key\u0000" })), {
      idempotency_key: ["must not contain a NUL character"],
    });
    const typeMessage = "type must be one of decline, missed_installment, dispute, refund_request";
    await expectFields(await post({ ...issue("decline"), type: "chargeback" }), { type: [typeMessage] });
    await expectFields(await post({ ...issue("decline"), type: undefined }), { type: [typeMessage] });
    await expectFields(await post({ ...issue("decline"), type: 1 }), { type: [typeMessage] });
    await expectFields(await post({ ...issue("decline"), tenant: undefined }), {
      tenant: ["tenant is required (the tenant's id or slug)"],
    });
    await expectFields(await post({ ...issue("decline"), tenant: 42 }), {
      tenant: ["tenant is required (the tenant's id or slug)"],
    });
    await expectFields(await post({ ...issue("decline"), tenant: "t".repeat(65) }), {
      tenant: ["tenant is at most 64 characters"],
    });
    await expectFields(await post({ ...issue("decline"), priority: "high" }), {
      _form: [expect.stringContaining("Unknown field: priority")],
    });
    await expectFields(await post(issue("decline", {}, { occurred_at: "yesterday" })), {
      occurred_at: [expect.stringContaining("ISO 8601")],
    });
    await expectFields(await post(issue("decline", {}, { occurred_at: "2026-01-01" })), {
      occurred_at: [expect.stringContaining("ISO 8601")],
    });
    await expectFields(
      await post(issue("decline", {}, { occurred_at: new Date(Date.now() + 3_600_000).toISOString() })),
      { occurred_at: ["occurred_at is in the future"] },
    );
    await expectFields(
      await post(issue("decline", {}, { occurred_at: new Date(Date.now() - 91 * DAY).toISOString() })),
      { occurred_at: ["occurred_at is more than 90 days ago"] },
    );
    // A little clock skew is not the future.
    expect(
      (await post(issue("decline", {}, { occurred_at: new Date(Date.now() + 60_000).toISOString() }))).status,
    ).toBe(202);

    for (const notAnObject of [[], "a string", null, 42]) {
      await expectFields(await post(JSON.stringify(notAnObject)), {
        _form: ["The body must be a JSON object: { idempotency_key, type, tenant, details, occurred_at? }"],
      });
    }
    for (const notJson of ["{type: decline", ""]) {
      const response = await post(notJson);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toEqual({
        code: "VALIDATION",
        message: "The body must be JSON.",
      });
    }
    expect(await db.reviewItem.count()).toBe(before + 2);
  });

  it("404 for an unknown tenant, and nothing is stored under the key, so a later delivery can succeed", async () => {
    const body = { ...issue("dispute"), tenant: "no-such-tenant" };
    const response = await post(body);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({
      code: "NOT_FOUND",
      message: "No tenant with id or slug 'no-such-tenant'.",
      fields: { tenant: ["No tenant with id or slug 'no-such-tenant'"] },
    });
    expect(await db.reviewItem.count({ where: { dedupeKey: `payment-issue:${body.idempotency_key}` } })).toBe(
      0,
    );
    expect((await post({ ...body, tenant: tenant.slug })).status).toBe(202);
  });

  it("401 without a valid key, 403 for a key without payment-issues:write", async () => {
    const before = await db.reviewItem.count();
    for (const authorization of ["", "Bearer not-a-key", `Basic ${writeKey}`])
      expect((await post(issue("decline"), authorization)).status).toBe(401);
    for (const key of [readKey, tenantsKey]) {
      const response = await post(issue("decline"), `Bearer ${key}`);
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toBe(
        "This API key lacks the 'payment-issues:write' scope.",
      );
    }
    expect(await db.reviewItem.count()).toBe(before);
  });
});

describe("GET /api/v1/payment-issues/:id", () => {
  it("answers the issue as POST did; 404 for an unknown id or a review item that is not a payment issue; 401/403 without the read scope", async () => {
    const created = await (await post(issue("decline"))).json();
    const response = await get(created.id);
    expect(response.status).toBe(200);
    const { replayed: _replayed, ...view } = created;
    expect(await response.json()).toEqual(view);

    const unknown = await get("cm0000000000000000000000");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe("No payment issue with that id.");
    const suspension = await db.reviewItem.create({
      data: {
        kind: "suspension",
        tenantId,
        source: "recommender.suspension",
        summary: "Acme: suspension score 80",
        evidence: {},
        dedupeKey: `suspension:${uniqueKey()}`,
        dueAt: new Date(),
        status: "closed",
      },
    });
    expect((await get(suspension.id)).status).toBe(404);
    // A malformed escape in the path names no issue: Next refuses it before the route runs.
    expect((await get("%E0%A4%A", `Bearer ${readKey}`, { raw: true })).status).toBe(400);
    await expectFields(await get("x".repeat(65)), { id: ["id is at most 64 characters"] });

    expect((await get(created.id, "")).status).toBe(401);
    for (const key of [writeKey, tenantsKey]) {
      const forbidden = await get(created.id, `Bearer ${key}`);
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).error.message).toBe(
        "This API key lacks the 'payment-issues:read' scope.",
      );
    }
  });

  it("after the decision engine: a small recent refund is auto-approved and queued, a fraudulent dispute escalated, a missed installment 10 days overdue goes to a reviewer", async () => {
    const refund = await (await post(issue("refund_request", { amount: 1999, paid_on: daysAgo(3) }))).json();
    const dispute = await (await post(issue("dispute", { reason: "fraudulent" }))).json();
    const installment = await (await post(issue("missed_installment", { due_date: daysAgo(10) }))).json();
    const decline = await (
      await post(issue("decline", { decline_code: "insufficient_funds", attempt: 1 }))
    ).json();
    const lateRefund = await (
      await post(issue("refund_request", { amount: 20_000, paid_on: daysAgo(45) }))
    ).json();

    const summary = await decidePendingItems(new Date());
    expect(summary.failed).toBe(0);
    const policyHash = expect.stringMatching(/^[0-9a-f]{12}$/);
    const read = async (id: string) => {
      const response = await get(id);
      expect(response.status).toBe(200);
      return response.json();
    };

    const refundView = await read(refund.id);
    expect(refundView).toEqual({
      ...refund,
      replayed: undefined,
      status: "approved",
      recommendation: {
        engine: "rules",
        engine_note: null,
        decision: "refund",
        action: "approve_refund",
        confidence: 95,
        reasoning: "19.99 EUR, asked 3 days after paying.",
        policy: "F1 Small and recent",
        policy_hash: policyHash,
        model: null,
      },
      decision: {
        verdict: "auto_executed",
        action: "approve_refund",
        decided_at: expect.any(String),
        automatic: true,
      },
      execution: { status: "queued", detail: null, executed_at: null },
    });

    expect(await read(dispute.id)).toMatchObject({
      status: "escalated",
      recommendation: {
        engine: "rules",
        action: "suspend_tenant",
        confidence: 60,
        policy: "P2 Fraud",
        policy_hash: policyHash,
      },
      decision: null,
      execution: null,
    });
    expect(await read(installment.id)).toMatchObject({
      status: "in_review",
      recommendation: {
        action: "send_reminder",
        confidence: 80,
        policy: "M2 Overdue",
        reasoning: "10 days overdue.",
      },
      decision: null,
      execution: null,
    });
    expect(await read(decline.id)).toMatchObject({
      status: "approved",
      recommendation: { action: "retry_payment", confidence: 93, policy: "D1 Soft decline, early attempt" },
      decision: { verdict: "auto_executed", action: "retry_payment", automatic: true },
      execution: { status: "queued" },
    });
    expect(await read(lateRefund.id)).toMatchObject({
      status: "in_review",
      recommendation: { action: "dismiss", confidence: 75, policy: "F3 Late" },
      decision: null,
    });

    // A person's decision shows as not automatic; a rejection executes nothing.
    await decideItem.execute(owner, {
      itemId: dispute.id,
      verdict: "reject",
      note: "The customer confirmed the charge by phone",
    });
    expect(await read(dispute.id)).toMatchObject({
      status: "rejected",
      decision: { verdict: "rejected", action: null, automatic: false },
      execution: null,
    });
    // Dismissing executes at once.
    await decideItem.execute(owner, { itemId: lateRefund.id, verdict: "approve" });
    expect(await read(lateRefund.id)).toMatchObject({
      status: "approved",
      decision: { verdict: "approved", action: "dismiss", automatic: false },
      execution: {
        status: "succeeded",
        detail: "Dismissed: nothing to execute.",
        executed_at: expect.any(String),
      },
    });
    // A reopened item's reversed decision no longer stands.
    await reopenItem.execute(owner, { itemId: refund.id, note: "The customer withdrew the request" });
    expect(await read(refund.id)).toMatchObject({
      status: "in_review",
      recommendation: { action: "approve_refund" },
      decision: null,
      execution: null,
    });
  });
});
