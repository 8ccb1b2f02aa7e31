import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { bucketStart, HOUR } from "@/lib/anomalies/buckets";
import { closeAnomaly, createMetric } from "@/lib/anomalies/anomaly-actions";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import { changeWithEffects } from "@/lib/billing/effects";
import { HttpPaymentGateway } from "@/lib/billing/payment-gateway";
import { stopPaymentRetries } from "@/lib/billing/payments";
import { recordBillingEvent } from "@/lib/billing/record-billing-event";
import { retryFailedPayments } from "@/lib/billing/retry-failed-payments";
import { billingEventSchema, type BillingEvent } from "@/lib/billing/schemas";
import { convertTrialManually, expireTrialNow, resendReminder } from "@/lib/billing/trial-actions";
import { expireTrials, sendTrialReminders } from "@/lib/billing/trial-sweeps";
import { checkDocumentExpiry } from "@/lib/documents/check-document-expiry";
import { uploadDocument } from "@/lib/documents/document-actions";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { executeReviewDecision } from "@/lib/review/execute/execute-decision";
import { raiseReviewItems, type NewReviewItem } from "@/lib/review/intake/raise-items";
import { decideItem } from "@/lib/review/human/review-actions";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { cancelTenantAs } from "@/lib/tenants/change-tenant-status";
import { isoDay, utcDay } from "@/lib/utc-day";
import { parseInput } from "@/lib/validation";
import { EVENT_CATALOGUE, eventEnvelopeSchema, type EventType } from "@/lib/webhooks/event-catalogue";
import {
  anomalyState,
  documentState,
  paymentState,
  reviewItemState,
  tenantRef,
  tenantState,
  trialState,
} from "@/lib/webhooks/resources";
import { makeTenant, makeUser, SIGNUPS_METRIC } from "./setup/fixtures";

// Detection steps whole hours here; settling has its own tests.
process.env.ANOMALY_SETTLE_MINUTES = "0";
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
const billingSystem: Actor = { kind: "apiKey", id: "key-billing", label: "api-key:billing", role: "SYSTEM" };

/** The platform's billing endpoint: answers each retry of a charge from that charge's script. */
const scripts = new Map<string, ("failed" | "succeeded")[]>();
const billing = createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  const answer = scripts.get(JSON.parse(body).provider_reference)?.shift() ?? "failed";
  response
    .writeHead(200, { "content-type": "application/json" })
    .end(
      JSON.stringify(
        answer === "succeeded"
          ? { status: "succeeded" }
          : { status: "failed", failure_code: "insufficient_funds" },
      ),
    );
});
await new Promise<void>((resolve) => billing.listen(0, "127.0.0.1", resolve));
const gateway = new HttpPaymentGateway({
  url: `http://127.0.0.1:${(billing.address() as AddressInfo).port}/retry`,
  secret: "webhook-events-test-secret",
  timeoutMs: 2_000,
});
afterAll(async () => {
  billing.closeAllConnections();
  await new Promise((resolve) => billing.close(resolve));
  await closeQueues();
});

type Recorded = { type: EventType; version: number; data: Record<string, unknown> };
const seen = new Map<string, number>();

/**
 * The tenant's events written since the last call, in commit order. Each must be a valid envelope
 * whose data is exactly what its catalogue schema allows, and the tenant's versions must run 1, 2, 3…
 * with no gap and no repeat over everything it has.
 */
async function newEvents(tenantId: string): Promise<Recorded[]> {
  const rows = await db.webhookEvent.findMany({ where: { tenantId }, orderBy: { seq: "asc" } });
  expect(rows.map((row) => row.version)).toEqual(rows.map((_, i) => i + 1));
  const events = rows.map((row) => {
    const envelope = eventEnvelopeSchema.parse(row.payload);
    expect(envelope).toMatchObject({ type: row.type, tenant_id: tenantId, version: row.version });
    // Parsing strips what the schema does not know: equal means nothing more, nothing less.
    expect(EVENT_CATALOGUE[envelope.type].data.parse(envelope.data)).toEqual(envelope.data);
    return { type: envelope.type, version: envelope.version, data: envelope.data };
  });
  const fresh = events.filter((event) => event.version > (seen.get(tenantId) ?? 0));
  seen.set(tenantId, events.length);
  return fresh;
}

const typesOf = (events: Recorded[]) => events.map((event) => event.type);

/** The one event a step wrote, which must be of `type`. */
async function onlyEvent(tenantId: string, type: EventType): Promise<Recorded> {
  const events = await newEvents(tenantId);
  expect(typesOf(events)).toEqual([type]);
  return events[0];
}

/** A tenant whose creation event has been seen, so a test's first newEvents() is what it caused. */
async function tenant(overrides: Partial<{ timezone: string; plan: string }> = {}) {
  const created = await makeTenant(owner, { timezone: "UTC", ...overrides });
  expect(typesOf(await newEvents(created.id))).toEqual(["tenant.created"]);
  return created;
}

async function activeTenant(overrides: Partial<{ plan: string }> = {}) {
  const created = await tenant(overrides);
  // Set up as an already paying tenant (not a change Steward decides, so no event).
  await db.tenant.update({ where: { id: created.id }, data: { status: "active" } });
  return created;
}

const ref = async (tenantId: string) =>
  tenantRef(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } }));
const tenantNow = async (tenantId: string) =>
  tenantState(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } }));
const trialNow = async (trialId: string) =>
  trialState(await db.trial.findUniqueOrThrow({ where: { id: trialId } }));
const paymentNow = async (reference: string) =>
  paymentState(await db.payment.findUniqueOrThrow({ where: { providerReference: reference } }));

let keys = 0;
function billingEvent(type: BillingEvent["type"], data: Record<string, unknown>, at: Date) {
  const event = parseInput(billingEventSchema, {
    idempotency_key: `webhook-events-${keys++}`,
    type,
    occurred_at: at.toISOString(),
    data,
  });
  return recordBillingEvent(billingSystem, event, at);
}

async function startTrial(slug: string, at: Date, days = 14): Promise<string> {
  const { result } = await billingEvent("trial_started", { tenant: slug, plan: "pro", trial_days: days }, at);
  return (result as { trial: { id: string } }).trial.id;
}

const charge = (slug: string, reference: string, at: Date, failureCode?: string) =>
  billingEvent(
    failureCode ? "payment_failed" : "payment_succeeded",
    {
      tenant: slug,
      amount: 4900,
      currency: "EUR",
      provider_reference: reference,
      ...(failureCode ? { failure_code: failureCode } : {}),
    },
    at,
  );

describe("trial events", () => {
  it("a trial started by billing, reminded twice, expired by the sweep and converted by hand: one event each, with the trial as it then was", async () => {
    const { id, slug } = await tenant();
    const start = new Date("2027-01-01T08:00:00Z");
    const trialId = await startTrial(slug, start);
    const started = await onlyEvent(id, "trial.started");
    expect(started).toMatchObject({ type: "trial.started", version: 2 });
    expect(started.data).toEqual({ tenant: await ref(id), trial: await trialNow(trialId) });
    expect(started.data.trial).toMatchObject({
      status: "active",
      started_at: start.toISOString(),
      ends_at: "2027-01-15T08:00:00.000Z",
    });

    // Before 09:00 on the reminder day nothing is due; then two overlapping sweeps send it once.
    await sendTrialReminders(new Date("2027-01-08T08:00:00Z"));
    expect(await newEvents(id)).toEqual([]);
    const atNine = new Date("2027-01-08T09:00:00Z");
    await Promise.all([sendTrialReminders(atNine), sendTrialReminders(atNine)]);
    const first = await onlyEvent(id, "trial.ending");
    expect(first).toMatchObject({ type: "trial.ending", version: 3 });
    expect(first.data).toEqual({ tenant: await ref(id), trial: await trialNow(trialId), days_left: 7 });
    await sendTrialReminders(new Date("2027-01-14T09:30:00Z"));
    expect((await newEvents(id)).map((e) => [e.type, e.data.days_left])).toEqual([["trial.ending", 1]]);

    const end = new Date("2027-01-15T08:00:00Z");
    await Promise.all([expireTrials(end), expireTrials(end)]);
    const expiry = await newEvents(id);
    expect(typesOf(expiry)).toEqual(["trial.expired", "tenant.suspended"]);
    expect(expiry[0].data).toEqual({ tenant: await ref(id), trial: await trialNow(trialId) });
    expect(expiry[0].data.trial).toMatchObject({ status: "expired", ended_at: end.toISOString() });
    expect(expiry[1].data).toEqual({ tenant: await tenantNow(id) });

    await convertTrialManually.execute(owner, { trialId, reason: "Invoice paid by bank transfer" });
    const conversion = await newEvents(id);
    expect(typesOf(conversion)).toEqual(["trial.converted", "tenant.reactivated"]);
    expect(conversion[0].data).toEqual({ tenant: await ref(id), trial: await trialNow(trialId) });
    expect(conversion[0].data.trial).toMatchObject({ status: "converted" });
    expect(conversion[1].data.tenant).toMatchObject({ status: "active" });
  });

  it("a reminder resent by hand, a trial expired by hand, and a payment converting the expired trial", async () => {
    const { id, slug } = await tenant();
    const trialId = await startTrial(slug, new Date());
    expect(typesOf(await newEvents(id))).toEqual(["trial.started"]);

    await resendReminder.execute(owner, { trialId, kind: "first" });
    const resent = await onlyEvent(id, "trial.ending");
    expect(resent).toMatchObject({ type: "trial.ending", data: { days_left: 14 } });

    await expireTrialNow.execute(owner, { trialId, reason: "Asked to stop" });
    expect(typesOf(await newEvents(id))).toEqual(["trial.expired", "tenant.suspended"]);

    await charge(slug, `ch_${slug}`, new Date());
    const paid = await newEvents(id);
    expect(typesOf(paid)).toEqual(["trial.converted", "tenant.reactivated"]);
    expect(paid[0].data).toEqual({ tenant: await ref(id), trial: await trialNow(trialId) });
  });
});

describe("payment events", () => {
  it("a failed charge, a failed retry and a recovering one: payment.failed twice, then payment.recovered", async () => {
    const { id, slug } = await activeTenant();
    const reference = `ch_${slug}`;
    scripts.set(reference, ["failed", "succeeded"]);
    const at = new Date("2027-03-01T10:00:00Z");
    await charge(slug, reference, at, "insufficient_funds");
    const failure = await newEvents(id);
    expect(typesOf(failure)).toEqual(["payment.failed", "tenant.updated"]);
    expect(failure[0].data).toEqual({ tenant: await ref(id), payment: await paymentNow(reference) });
    expect(failure[0].data.payment).toMatchObject({
      status: "retrying",
      attempts: 1,
      failure_code: "insufficient_funds",
      next_retry_at: "2027-03-01T11:00:00.000Z",
    });
    expect(failure[1].data.tenant).toMatchObject({ status: "past_due" });

    expect(await retryFailedPayments(gateway, new Date(at.getTime() + HOUR))).toMatchObject({ failed: 1 });
    const retryFailed = await onlyEvent(id, "payment.failed");
    expect(retryFailed.type).toBe("payment.failed");
    expect(retryFailed.data.payment).toEqual(await paymentNow(reference));
    expect(retryFailed.data.payment).toMatchObject({
      attempts: 2,
      next_retry_at: "2027-03-01T13:00:00.000Z",
    });

    expect(await retryFailedPayments(gateway, new Date(at.getTime() + 3 * HOUR))).toMatchObject({
      recovered: 1,
    });
    const recovery = await newEvents(id);
    expect(typesOf(recovery)).toEqual(["payment.recovered", "tenant.updated"]);
    expect(recovery[0].data.payment).toEqual(await paymentNow(reference));
    expect(recovery[0].data.payment).toMatchObject({ status: "recovered", attempts: 3, next_retry_at: null });
    expect(recovery[1].data.tenant).toMatchObject({ status: "active" });
  });

  it("dunning gives up after the last retry: the attempt failed and the payment is abandoned, before the suspension and the review item", async () => {
    const { id, slug } = await activeTenant();
    const reference = `ch_${slug}`;
    const at = new Date("2027-04-01T10:00:00Z");
    await charge(slug, reference, at, "insufficient_funds");
    for (const hours of [1, 3]) await retryFailedPayments(gateway, new Date(at.getTime() + hours * HOUR));
    expect(typesOf(await newEvents(id))).toEqual([
      "payment.failed",
      "tenant.updated",
      "payment.failed",
      "payment.failed",
    ]);
    await retryFailedPayments(gateway, new Date(at.getTime() + 7 * HOUR));
    const gaveUp = await newEvents(id);
    expect(typesOf(gaveUp)).toEqual([
      "payment.failed",
      "payment.abandoned",
      "tenant.suspended",
      "review_item.created",
    ]);
    const payment = await paymentNow(reference);
    expect(payment).toMatchObject({ status: "failed", attempts: 4 });
    expect(gaveUp[0].data.payment).toEqual(payment);
    expect(gaveUp[1].data.payment).toEqual(payment);
    const item = await db.reviewItem.findFirstOrThrow({ where: { tenantId: id } });
    expect(gaveUp[3].data).toEqual({ tenant: await ref(id), review_item: reviewItemState(item, null) });
  });

  it("a cancelled subscription stops the retries: payment.abandoned with the cancelled payment, then tenant.cancelled", async () => {
    const { id, slug } = await activeTenant();
    const reference = `ch_${slug}`;
    const at = new Date("2027-05-01T10:00:00Z");
    await charge(slug, reference, at, "insufficient_funds");
    expect(typesOf(await newEvents(id))).toEqual(["payment.failed", "tenant.updated"]);
    await billingEvent("subscription_cancelled", { tenant: slug, reason: "Closed the business" }, at);
    const cancelled = await newEvents(id);
    expect(typesOf(cancelled)).toEqual(["payment.abandoned", "tenant.cancelled"]);
    expect(cancelled[0].data.payment).toEqual(await paymentNow(reference));
    expect(cancelled[0].data.payment).toMatchObject({ status: "cancelled", next_retry_at: null });
    expect(cancelled[1].data).toEqual({ tenant: await tenantNow(id) });
  });
});

describe("review item events", () => {
  const item = (itemId: string) => db.reviewItem.findUniqueOrThrow({ where: { id: itemId } });
  const standing = async (itemId: string) =>
    reviewItemState(
      await item(itemId),
      await db.reviewDecision.findFirst({
        where: { itemId, reversedAt: null },
        orderBy: { decidedAt: "desc" },
      }),
    );
  const decisionOf = (itemId: string) => db.reviewDecision.findFirstOrThrow({ where: { itemId } });

  async function raise(tenantId: string, kind: NewReviewItem["kind"], evidence: Record<string, unknown>) {
    const [itemId] = await db.$transaction((tx) =>
      raiseReviewItems(
        tx,
        [
          {
            kind,
            tenantId,
            source: "test",
            summary: `${kind} for ${tenantId}`,
            evidence: evidence as never,
            dedupeKey: `test:${tenantId}:${kind}`,
          },
        ],
        DEFAULT_REVIEW_SETTINGS,
      ),
    );
    const created = await onlyEvent(tenantId, "review_item.created");
    expect(created).toMatchObject({ type: "review_item.created" });
    expect(created.data).toEqual({ tenant: await ref(tenantId), review_item: await standing(itemId) });
    expect(created.data.review_item).toMatchObject({
      status: "pending",
      recommendation: null,
      decision: null,
      execution: null,
    });
    return itemId;
  }

  const planFit = (plan: string, targetPlan: string | null) => ({
    day: isoDay(new Date(Date.now() - 86_400_000)),
    windowDays: 30,
    plan,
    targetPlan,
    limitDays: 5,
  });

  it("an automatic decision and its execution: decided (automatic, queued), then executed (succeeded)", async () => {
    const { id, slug } = await activeTenant();
    await charge(slug, `ch_${slug}`, new Date(), "stolen_card");
    expect(typesOf(await newEvents(id))).toEqual([
      "payment.failed",
      "payment.abandoned",
      "tenant.suspended",
      "review_item.created",
    ]);
    const { id: itemId } = await db.reviewItem.findFirstOrThrow({ where: { tenantId: id } });
    await decidePendingItems();
    const decided = await onlyEvent(id, "review_item.decided");
    expect(decided).toMatchObject({ type: "review_item.decided" });
    expect(decided.data).toEqual({ tenant: await ref(id), review_item: await standing(itemId) });
    expect(decided.data.review_item).toMatchObject({
      status: "approved",
      recommendation: { engine: "rules", action: "send_reminder", confidence: 92 },
      decision: { verdict: "auto_executed", action: "send_reminder", automatic: true },
      execution: { status: "queued", detail: null },
    });

    await executeReviewDecision((await decisionOf(itemId)).id, null, { finalAttempt: true });
    const executed = await onlyEvent(id, "review_item.executed");
    expect(executed).toMatchObject({ type: "review_item.executed" });
    expect(executed.data).toEqual({ tenant: await ref(id), review_item: await standing(itemId) });
    expect(executed.data.review_item).toMatchObject({ execution: { status: "succeeded" } });
  });

  it("a person approves a plan change: decided, then tenant.plan_changed with the previous plan and executed", async () => {
    const { id } = await activeTenant({ plan: "pro" });
    const itemId = await raise(id, "plan_upgrade", planFit("pro", "enterprise"));
    await decidePendingItems();
    expect(await item(itemId)).toMatchObject({ status: "in_review" });
    expect(await newEvents(id)).toEqual([]);

    await decideItem.execute(owner, { itemId, verdict: "approve" });
    const decided = await onlyEvent(id, "review_item.decided");
    expect(decided.type).toBe("review_item.decided");
    expect(decided.data.review_item).toEqual(await standing(itemId));
    expect(decided.data.review_item).toMatchObject({
      status: "approved",
      decision: { verdict: "approved", action: "change_plan", automatic: false },
      execution: { status: "queued", detail: null },
    });

    await executeReviewDecision((await decisionOf(itemId)).id, null, { finalAttempt: true });
    const executed = await newEvents(id);
    expect(typesOf(executed)).toEqual(["tenant.plan_changed", "review_item.executed"]);
    expect(executed[0].data).toEqual({
      tenant: await tenantNow(id),
      previous_plan: "pro",
      entitlements: expect.objectContaining({ plan: "enterprise", limits: expect.any(Object) }),
    });
    expect(executed[0].data.tenant).toMatchObject({ plan: "enterprise" });
    expect(executed[1].data.review_item).toMatchObject({
      execution: { status: "succeeded", detail: expect.stringContaining("moved from pro to enterprise") },
    });
  });

  it("a rejection is decided with nothing to execute; an execution that cannot succeed is executed as failed", async () => {
    const { id } = await activeTenant();
    const rejectedId = await raise(id, "payment_missed_installment", {
      type: "missed_installment",
      details: { due_date: isoDay(new Date(Date.now() - 10 * 86_400_000)), amount: 2500, currency: "EUR" },
    });
    await decidePendingItems();
    await decideItem.execute(owner, { itemId: rejectedId, verdict: "reject", note: "Paid by transfer" });
    const rejected = await onlyEvent(id, "review_item.decided");
    expect(rejected.data.review_item).toEqual(await standing(rejectedId));
    expect(rejected.data.review_item).toMatchObject({
      status: "rejected",
      decision: { verdict: "rejected", action: null, automatic: false },
      execution: null,
    });

    const planId = await raise(id, "plan_upgrade", planFit("pro", "enterprise"));
    await decidePendingItems();
    await decideItem.execute(owner, { itemId: planId, verdict: "approve" });
    expect(typesOf(await newEvents(id))).toEqual(["review_item.decided"]);
    // Cancelled before the change ran: the plan is left alone, and the execution recorded as failed.
    await cancelTenantAs(owner, { id, reason: "Closed" });
    expect(typesOf(await newEvents(id))).toEqual(["tenant.cancelled"]);
    await executeReviewDecision((await decisionOf(planId)).id, null, { finalAttempt: true });
    const failed = await onlyEvent(id, "review_item.executed");
    expect(failed.type).toBe("review_item.executed");
    expect(failed.data.review_item).toEqual(await standing(planId));
    expect(failed.data.review_item).toMatchObject({
      execution: { status: "failed", detail: "The tenant is cancelled; its plan was left as it is." },
    });
  });

  it("an approved archive cancels the tenant: tenant.cancelled, then executed", async () => {
    const { id } = await activeTenant();
    const itemId = await raise(id, "tenant_archive", planFit("pro", null));
    await decidePendingItems();
    await decideItem.execute(owner, { itemId, verdict: "approve" });
    expect(typesOf(await newEvents(id))).toEqual(["review_item.decided"]);
    await executeReviewDecision((await decisionOf(itemId)).id, null, { finalAttempt: true });
    const executed = await newEvents(id);
    expect(typesOf(executed)).toEqual(["tenant.cancelled", "review_item.executed"]);
    expect(executed[0].data).toEqual({ tenant: await tenantNow(id) });
    expect(executed[1].data.review_item).toMatchObject({ execution: { status: "succeeded" } });
  });
});

describe("document events", () => {
  it("each expiry warning once (though the check runs twice), then the expiry with the suspension item it raises", async () => {
    const { id } = await tenant();
    const documentId = (
      await uploadDocument.execute(owner, {
        tenantId: id,
        type: "certificate",
        title: "Insurance certificate",
        expiresOn: "2030-03-31",
        required: true,
      })
    ).id;
    expect(await newEvents(id)).toEqual([]);
    const documentNow = async (now: Date) =>
      documentState(await db.tenantDocument.findUniqueOrThrow({ where: { id: documentId } }), utcDay(now));

    for (const [day, left] of [
      ["2030-03-01", 30],
      ["2030-03-17", 14],
    ] as const) {
      const now = new Date(`${day}T06:00:00Z`);
      await checkDocumentExpiry(now);
      await checkDocumentExpiry(new Date(now.getTime() + HOUR));
      const warning = await onlyEvent(id, "document.expiring");
      expect(warning.data).toEqual({ tenant: await ref(id), document: await documentNow(now) });
      expect(warning.data.document).toMatchObject({ status: "active", days_left: left, required: true });
    }

    const after = new Date("2030-04-01T06:00:00Z");
    await checkDocumentExpiry(after);
    await checkDocumentExpiry(new Date(after.getTime() + HOUR));
    const expired = await newEvents(id);
    expect(typesOf(expired)).toEqual(["document.expired", "review_item.created"]);
    expect(expired[0].data).toEqual({ tenant: await ref(id), document: await documentNow(after) });
    expect(expired[0].data.document).toMatchObject({
      status: "expired",
      expires_on: "2030-03-31",
      days_left: -1,
    });
    expect(expired[1].data.review_item).toMatchObject({ kind: "document_expired", status: "pending" });
  });
});

describe("a change that rolls back", () => {
  it("leaves no event and no gap in the tenant's versions", async () => {
    const { id, slug } = await activeTenant();
    const item: NewReviewItem = {
      kind: "suspension",
      tenantId: id,
      source: "test",
      summary: "rolled back",
      evidence: {},
      dedupeKey: `test:${id}:rolled-back`,
    };
    await expect(
      db.$transaction(async (tx) => {
        await raiseReviewItems(tx, [item], DEFAULT_REVIEW_SETTINGS);
        throw new Error("failed after the change");
      }),
    ).rejects.toThrow("failed after the change");

    await charge(slug, `ch_${slug}`, new Date(), "insufficient_funds");
    expect(typesOf(await newEvents(id))).toEqual(["payment.failed", "tenant.updated"]);
    await expect(
      changeWithEffects(async (tx) => {
        expect(await stopPaymentRetries(tx, owner, id, "Rolled back", new Date())).toBe(1);
        throw new Error("failed after stopping the retries");
      }),
    ).rejects.toThrow("failed after stopping the retries");

    expect(await newEvents(id)).toEqual([]);
    expect(await db.reviewItem.count({ where: { tenantId: id } })).toBe(0);
    expect(await paymentNow(`ch_${slug}`)).toMatchObject({ status: "retrying" });
    // The counter rolled back with them: the next committed change takes the next version.
    await db.$transaction((tx) => raiseReviewItems(tx, [item], DEFAULT_REVIEW_SETTINGS));
    expect(await newEvents(id)).toMatchObject([{ type: "review_item.created", version: 4 }]);
  });
});

describe("anomaly events", () => {
  const now = bucketStart(new Date(), "hour");
  const hoursFrom = (h: number) => new Date(now.getTime() + h * HOUR);

  /** A tenant whose sign-ups run 20 ± 1 for 8 days, then jump to 35 in the last closed hour; detection opens an anomaly. */
  async function opened() {
    const { id, slug } = await tenant();
    await recordMetricPoints(
      Array.from({ length: 8 * 24 }, (_, i) => ({
        tenant: slug,
        metric: "signups",
        timestamp: hoursFrom(i - 8 * 24),
        value: i === 8 * 24 - 1 ? 35 : 20 + (i % 3) - 1,
      })),
    );
    await detectAnomalies(now);
    const anomaly = await db.anomaly.findFirstOrThrow({ where: { tenantId: id } });
    const event = await onlyEvent(id, "anomaly.opened");
    expect(event.type).toBe("anomaly.opened");
    expect(event.data).toEqual({ tenant: await ref(id), anomaly: anomalyState(anomaly, "signups") });
    expect(event.data.anomaly).toMatchObject({ status: "active", metric: "signups", value: 35 });
    return { id, slug, anomalyId: anomaly.id };
  }

  it("opened by detection, resolved by an owner; closed by detection as back to normal when a new run begins", async () => {
    await createMetric.execute(owner, SIGNUPS_METRIC);
    const first = await opened();
    const second = await opened();
    expect(await newEvents(first.id)).toEqual([]);

    await closeAnomaly.execute(owner, {
      anomalyId: first.anomalyId,
      outcome: "false_positive",
      note: "Test",
    });
    const resolved = await onlyEvent(first.id, "anomaly.resolved");
    expect(resolved.type).toBe("anomaly.resolved");
    expect(resolved.data.anomaly).toEqual(
      anomalyState(await db.anomaly.findUniqueOrThrow({ where: { id: first.anomalyId } }), "signups"),
    );
    expect(resolved.data.anomaly).toMatchObject({ status: "false_positive" });

    // Normal hours, then a new spike well after the second tenant's run ended.
    await recordMetricPoints(
      [0, 1, 2, 3, 4, 5].map((h) => ({
        tenant: second.slug,
        metric: "signups",
        timestamp: hoursFrom(h),
        value: h === 5 ? 40 : 20,
      })),
    );
    await detectAnomalies(hoursFrom(6));
    const rerun = await newEvents(second.id);
    expect(typesOf(rerun)).toEqual(["anomaly.resolved", "anomaly.opened"]);
    const [closed, reopened] = await db.anomaly.findMany({
      where: { tenantId: second.id },
      orderBy: { firstBucket: "asc" },
    });
    expect(closed.id).toBe(second.anomalyId);
    expect(rerun[0].data.anomaly).toEqual(anomalyState(closed, "signups"));
    expect(rerun[0].data.anomaly).toMatchObject({ status: "resolved" });
    expect(rerun[1].data.anomaly).toEqual(anomalyState(reopened, "signups"));
    expect(rerun[1].data.anomaly).toMatchObject({ status: "active", value: 40 });
    expect(await newEvents(first.id)).toEqual([]);
  });
});
