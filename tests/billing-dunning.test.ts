import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { HttpPaymentGateway } from "@/lib/billing/payment-gateway";
import { recordBillingEvent } from "@/lib/billing/record-billing-event";
import { retryFailedPayments } from "@/lib/billing/retry-failed-payments";
import { billingEventSchema } from "@/lib/billing/schemas";
import { verifySignature } from "@/lib/billing/signature";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { findFreePort } from "@/lib/devservices/free-port";
import { startDemoBillingEndpoint } from "@/lib/devservices/demo-billing-endpoint";
import { makeTenant, makeUser } from "./setup/fixtures";

const HOUR = 3_600_000;
const SECRET = "dunning-test-shared-secret";

/** The platform's billing endpoint: answers each retry from a script per charge, and checks the signature. */
type Answer = { status: number; body: unknown } | "hang";
const scripts = new Map<string, Answer[]>();
const calls: { reference: string; attempt: number; idempotencyKey: string; signed: boolean }[] = [];
let server: Server;
let gateway: HttpPaymentGateway;

beforeAll(async () => {
  await ensureDefaultTemplates();
  server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    let signed = true;
    try {
      verifySignature(SECRET, body, (name) => (request.headers[name] as string) ?? null);
    } catch {
      signed = false;
    }
    const retry = JSON.parse(body);
    calls.push({
      reference: retry.provider_reference,
      attempt: retry.attempt,
      idempotencyKey: String(request.headers["idempotency-key"]),
      signed,
    });
    const answer = scripts.get(retry.provider_reference)?.shift() ?? { status: 500, body: {} };
    if (answer === "hang") return; // never answers: the gateway's timeout decides
    response
      .writeHead(answer.status, { "content-type": "application/json" })
      .end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gateway = new HttpPaymentGateway({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/retry`,
    secret: SECRET,
    timeoutMs: 500,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closeQueues();
});

const { actor: owner } = await makeUser("OWNER");
const billingSystem: Actor = { kind: "apiKey", id: "key-billing", label: "api-key:billing", role: "SYSTEM" };
const failed = { status: 200, body: { status: "failed", failure_code: "insufficient_funds" } };
const paid = { status: 200, body: { status: "succeeded" } };
let keys = 0;

async function failPayment(code = "insufficient_funds", at = new Date("2027-05-03T10:00:00Z")) {
  const tenant = await makeTenant(owner, { timezone: "UTC" });
  await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
  const reference = `ch_${tenant.slug}`;
  const event = parseInput(billingEventSchema, {
    idempotency_key: `dunning-${keys++}`,
    type: "payment_failed",
    occurred_at: at.toISOString(),
    data: {
      tenant: tenant.slug,
      amount: 4900,
      currency: "EUR",
      provider_reference: reference,
      failure_code: code,
    },
  });
  await recordBillingEvent(billingSystem, event, at);
  return { tenant, reference, at };
}

const payment = (reference: string) =>
  db.payment.findUniqueOrThrow({ where: { providerReference: reference } });
const tenantStatus = async (id: string) => (await db.tenant.findUniqueOrThrow({ where: { id } })).status;
const emailsOf = async (paymentId: string) =>
  (await db.emailLog.findMany({ where: { dedupeKey: { startsWith: `payment:${paymentId}:` } } }))
    .map((e) => e.dedupeKey.split(":").slice(2).join(":"))
    .sort();
const after = (at: Date, hours: number) => new Date(at.getTime() + hours * HOUR);

describe("dunning against a real HTTP billing endpoint", () => {
  it("fail, fail, succeed → recovered: the tenant keeps access as past_due meanwhile, then is active again", async () => {
    const { tenant, reference, at } = await failPayment();
    expect(await payment(reference)).toMatchObject({
      status: "retrying",
      attemptCount: 1,
      nextRetryAt: after(at, 1),
    });
    expect(await tenantStatus(tenant.id)).toBe("past_due");

    scripts.set(reference, [failed, paid]);
    expect(await retryFailedPayments(gateway, after(at, 0.5))).toMatchObject({ due: 0 });
    expect(await retryFailedPayments(gateway, after(at, 1))).toMatchObject({ due: 1, failed: 1 });
    expect(await payment(reference)).toMatchObject({
      status: "retrying",
      attemptCount: 2,
      nextRetryAt: after(at, 3),
    });
    expect(await tenantStatus(tenant.id)).toBe("past_due");

    expect(await retryFailedPayments(gateway, after(at, 3))).toMatchObject({ due: 1, recovered: 1 });
    const recovered = await payment(reference);
    expect(recovered).toMatchObject({
      status: "recovered",
      attemptCount: 3,
      nextRetryAt: null,
      settledAt: after(at, 3),
    });
    expect(await tenantStatus(tenant.id)).toBe("active");

    expect(calls.filter((c) => c.reference === reference)).toEqual([
      { reference, attempt: 2, idempotencyKey: `payment:${recovered.id}:attempt:2`, signed: true },
      { reference, attempt: 3, idempotencyKey: `payment:${recovered.id}:attempt:3`, signed: true },
    ]);
    expect(await emailsOf(recovered.id)).toEqual(["failed:1", "failed:2", "recovered"]);
    const timeline = await db.billingActivity.findMany({
      where: { paymentId: recovered.id },
      orderBy: { createdAt: "asc" },
    });
    expect(timeline.map((a) => a.kind)).toEqual([
      "payment_failed",
      "tenant_status_changed",
      "payment_retry_failed",
      "payment_recovered",
      "tenant_status_changed",
    ]);
  });

  it("fail ×4 → the tenant is suspended, emailed, and a review item waits for a human", async () => {
    const { tenant, reference, at } = await failPayment();
    scripts.set(reference, [failed, failed, failed]);
    for (const hours of [1, 3, 7]) await retryFailedPayments(gateway, after(at, hours));

    const gaveUp = await payment(reference);
    expect(gaveUp).toMatchObject({ status: "failed", attemptCount: 4, nextRetryAt: null });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "suspended",
      billingSuspended: true,
      statusBeforeSuspension: "past_due",
    });
    const items = await db.reviewItem.findMany({ where: { tenantId: tenant.id } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: "payment_recovery_failed",
      status: "pending",
      source: "billing.dunning",
      evidence: {
        paymentId: gaveUp.id,
        attempts: 4,
        lastFailureCode: "insufficient_funds",
        hardDecline: false,
        tenantSuspended: true,
      },
    });
    expect(await emailsOf(gaveUp.id)).toEqual(["failed:1", "failed:2", "failed:3", "suspended"]);
    expect(await db.notification.count({ where: { dedupeKey: `dunning:${gaveUp.id}:abandoned` } })).toBe(1);
    // Nothing is retried after giving up.
    expect(await retryFailedPayments(gateway, after(at, 48))).toMatchObject({ due: 0 });
  });

  it("a hard decline is not retried: straight to suspension and review", async () => {
    const { tenant, reference } = await failPayment("stolen_card");
    expect(await payment(reference)).toMatchObject({ status: "failed", attemptCount: 1, nextRetryAt: null });
    expect(await tenantStatus(tenant.id)).toBe("suspended");
    expect(
      await db.reviewItem.count({
        where: { tenantId: tenant.id, evidence: { path: ["hardDecline"], equals: true } },
      }),
    ).toBe(1);
    expect(calls.some((c) => c.reference === reference)).toBe(false);
  });

  it("an endpoint that errors or does not answer costs no attempt; the claimed payment is tried again once the claim lapses", async () => {
    const { reference, at } = await failPayment();
    scripts.set(reference, [{ status: 503, body: {} }, "hang", paid]);
    expect(await retryFailedPayments(gateway, after(at, 1))).toMatchObject({ due: 1, unanswered: 1 });
    expect(await payment(reference)).toMatchObject({ status: "retrying", attemptCount: 1 });
    // Claimed for 15 minutes: a run within them leaves it alone.
    expect(await retryFailedPayments(gateway, after(at, 1.1))).toMatchObject({ due: 0 });
    expect(await retryFailedPayments(gateway, after(at, 1.3))).toMatchObject({ due: 1, unanswered: 1 });
    expect(await retryFailedPayments(gateway, after(at, 1.6))).toMatchObject({ due: 1, recovered: 1 });
    const attempts = calls.filter((c) => c.reference === reference).map((c) => c.idempotencyKey);
    // The same attempt each time, so the billing system charges it at most once.
    expect(new Set(attempts).size).toBe(1);
    expect(await payment(reference)).toMatchObject({ status: "recovered", attemptCount: 2 });
  });

  it("retries that run late keep their spacing instead of firing back to back", async () => {
    const { reference, at } = await failPayment();
    scripts.set(reference, [failed, failed, failed]);
    // The worker was down for 9 hours: one retry now, the next one 2 hours later (the 1 h → 3 h spacing), not at once.
    expect(await retryFailedPayments(gateway, after(at, 9))).toMatchObject({ due: 1, failed: 1 });
    expect(await payment(reference)).toMatchObject({
      status: "retrying",
      attemptCount: 2,
      nextRetryAt: after(at, 11),
    });
    expect(calls.filter((c) => c.reference === reference)).toHaveLength(1);
  });

  it("two runs at once retry a due payment once", async () => {
    const { reference, at } = await failPayment();
    scripts.set(reference, [failed, failed]);
    const [a, b] = await Promise.all([
      retryFailedPayments(gateway, after(at, 1)),
      retryFailedPayments(gateway, after(at, 1)),
    ]);
    expect(a.failed + b.failed).toBe(1);
    expect(calls.filter((c) => c.reference === reference)).toHaveLength(1);
    expect(await payment(reference)).toMatchObject({ attemptCount: 2, nextRetryAt: after(at, 3) });
  });

  it("the customer paying while a retry is pending settles it; the retry then finds nothing to do", async () => {
    const { tenant, reference, at } = await failPayment();
    const event = parseInput(billingEventSchema, {
      idempotency_key: `dunning-${keys++}`,
      type: "payment_succeeded",
      occurred_at: after(at, 0.5).toISOString(),
      data: { tenant: tenant.slug, amount: 4900, currency: "EUR", provider_reference: reference },
    });
    await recordBillingEvent(billingSystem, event, after(at, 0.5));
    expect(await payment(reference)).toMatchObject({ status: "recovered", attemptCount: 1 });
    expect(await tenantStatus(tenant.id)).toBe("active");
    expect(await retryFailedPayments(gateway, after(at, 1))).toMatchObject({ due: 0 });
  });

  it("the dev launcher's demo billing endpoint answers signed retries the same way each time and refuses unsigned ones", async () => {
    const demo = await startDemoBillingEndpoint(await findFreePort());
    try {
      const request = {
        paymentId: "p1",
        providerReference: "ch_demo",
        tenant: "demo",
        amountMinor: 100,
        currency: "EUR",
        attempt: 2,
      };
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          new HttpPaymentGateway({ url: demo.url, secret: demo.secret, timeoutMs: 2_000 }).retry({
            ...request,
            idempotencyKey: `payment:p${i}:attempt:2`,
          }),
        ),
      );
      expect(new Set(outcomes.map((o) => o.status))).toEqual(new Set(["succeeded", "failed"]));
      const again = await new HttpPaymentGateway({
        url: demo.url,
        secret: demo.secret,
        timeoutMs: 2_000,
      }).retry({ ...request, idempotencyKey: "payment:p0:attempt:2" });
      expect(again).toEqual(outcomes[0]);
      await expect(
        new HttpPaymentGateway({ url: demo.url, secret: "not-the-demo-secret", timeoutMs: 2_000 }).retry({
          ...request,
          idempotencyKey: "payment:p0:attempt:2",
        }),
      ).rejects.toThrow("answered 401");
    } finally {
      await demo.stop();
    }
  });

  it("two failed payments of one tenant paid at the same moment leave the tenant active", async () => {
    const tenants = await Promise.all(
      Array.from({ length: 6 }, () => makeTenant(owner, { timezone: "UTC" })),
    );
    const at = new Date("2027-05-10T10:00:00Z");
    const report = (
      tenant: { slug: string },
      type: "payment_failed" | "payment_succeeded",
      n: number,
      when: Date,
    ) =>
      recordBillingEvent(
        billingSystem,
        parseInput(billingEventSchema, {
          idempotency_key: `dunning-${keys++}`,
          type,
          occurred_at: when.toISOString(),
          data: {
            tenant: tenant.slug,
            amount: 4900,
            currency: "EUR",
            provider_reference: `ch_${tenant.slug}_${n}`,
            ...(type === "payment_failed" ? { failure_code: "insufficient_funds" } : {}),
          },
        }),
        when,
      );
    for (const tenant of tenants) {
      await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
      await report(tenant, "payment_failed", 1, at);
      await report(tenant, "payment_failed", 2, at);
    }
    await Promise.all(
      tenants.flatMap((tenant) => [
        report(tenant, "payment_succeeded", 1, after(at, 0.5)),
        report(tenant, "payment_succeeded", 2, after(at, 0.5)),
      ]),
    );
    const statuses = await db.tenant.findMany({
      where: { id: { in: tenants.map((t) => t.id) } },
      select: { status: true },
    });
    expect(statuses.map((s) => s.status)).toEqual(tenants.map(() => "active"));
  });

  it("without a configured endpoint, due retries wait", async () => {
    const { reference, at } = await failPayment();
    expect(await retryFailedPayments(null, after(at, 1))).toMatchObject({ waitingForGateway: true });
    expect(await payment(reference)).toMatchObject({
      status: "retrying",
      attemptCount: 1,
      nextRetryAt: after(at, 1),
    });
  });
});
