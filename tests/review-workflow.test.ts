import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRedis } from "@/lib/redis";
import type { Actor } from "@/lib/auth/actor";
import { recordBillingEvent } from "@/lib/billing/record-billing-event";
import { billingEventSchema } from "@/lib/billing/schemas";
import { verifySignature } from "@/lib/billing/signature";
import { currentWorkerIdentity } from "@/lib/jobs/heartbeat";
import { getQueue } from "@/lib/jobs/queues";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { executeReviewDecision } from "@/lib/review/execute/execute-decision";
import { raiseReviewItems } from "@/lib/review/intake/raise-items";
import { claimItem, decideItem, reopenItem, releaseItem } from "@/lib/review/human/review-actions";
import { updateReviewSettings } from "@/lib/review/intake/update-review-settings";
import { rulesRecommendation } from "@/lib/review/decide/rules-engine";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { parseInput } from "@/lib/validation";
import { createProcessors } from "@/worker/processors";
import { deliverEmailsToTestServer } from "./setup/mail-delivery";
import { makeTenant, makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

const SECRET = "review-test-shared-secret";

/** The platform's billing endpoint: answers retries and refunds from a script, checking signatures. */
const requests: { type: string; reference: string; idempotencyKey: string }[] = [];
const answers: { status: "succeeded" | "failed"; failure_code?: string }[] = [];
const billing = createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  verifySignature(SECRET, body, (name) => (request.headers[name] as string) ?? null);
  const call = JSON.parse(body);
  requests.push({
    type: call.type,
    reference: call.provider_reference,
    idempotencyKey: String(request.headers["idempotency-key"]),
  });
  response
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify(answers.shift() ?? { status: "succeeded" }));
});
await new Promise<void>((resolve) => billing.listen(0, "127.0.0.1", resolve));
// Set before the environment is first read: the worker's executions use this gateway.
process.env.BILLING_WEBHOOK_URL = `http://127.0.0.1:${(billing.address() as AddressInfo).port}/billing`;
process.env.BILLING_WEBHOOK_SECRET = SECRET;

const received = deliverEmailsToTestServer();
const { actor: owner } = await makeUser("OWNER");
const { actor: ana } = await makeUser("REVIEWER", { email: "ana@reviews.test" });
const { actor: ben } = await makeUser("REVIEWER", { email: "ben@reviews.test" });
const billingSystem: Actor = { kind: "apiKey", id: "key-billing", label: "api-key:billing", role: "SYSTEM" };

let worker: Worker;
beforeAll(() => {
  worker = new Worker("reviews", createProcessors(currentWorkerIdentity(new Date())).reviews, {
    connection: createRedis("worker"),
    prefix: env().STEWARD_QUEUE_PREFIX,
    concurrency: 2,
  });
});
afterAll(async () => {
  await worker.close();
  billing.closeAllConnections();
  await new Promise((resolve) => billing.close(resolve));
});

let keys = 0;
/** An active tenant whose payment of €49 failed with `code`, as the billing system reports it. */
async function failedPayment(code: string) {
  const tenant = await makeTenant(owner, { timezone: "UTC" });
  await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
  const reference = `ch_${tenant.slug}`;
  const event = (type: "payment_failed" | "payment_succeeded") =>
    parseInput(billingEventSchema, {
      idempotency_key: `review-${keys++}`,
      type,
      data: {
        tenant: tenant.slug,
        amount: 4900,
        currency: "EUR",
        provider_reference: reference,
        ...(type === "payment_failed" ? { failure_code: code } : {}),
      },
    });
  await recordBillingEvent(billingSystem, event("payment_failed"));
  return { tenant, reference, pay: () => recordBillingEvent(billingSystem, event("payment_succeeded")) };
}

/** A review item of `kind` raised directly (as the recommender or the API would), for the engine to decide. */
async function raised(
  kind: "suspension" | "payment_missed_installment" | "payment_dispute" | "payment_refund_request",
  evidence: Record<string, unknown>,
  score?: number,
) {
  const tenant = await makeTenant(owner);
  await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
  const [id] = await db.$transaction((tx) =>
    raiseReviewItems(
      tx,
      [
        {
          kind,
          tenantId: tenant.id,
          source: "test",
          summary: `${tenant.name}: ${kind}`,
          evidence: evidence as never,
          dedupeKey: `test:${tenant.id}:${kind}`,
          score,
          factors: score
            ? [
                {
                  key: "unpaid",
                  label: "Unpaid payments",
                  weight: 35,
                  points: 35,
                  explanation: "2 payments failed",
                },
                {
                  key: "rateLimitAbuse",
                  label: "Rate-limit abuse",
                  weight: 25,
                  points: 25,
                  explanation: "3 bans",
                },
              ]
            : undefined,
        },
      ],
      DEFAULT_REVIEW_SETTINGS,
    ),
  );
  return { tenant, itemId: id };
}

const item = (id: string) => db.reviewItem.findUniqueOrThrow({ where: { id } });
/** Runs a decision pass; the file's worker may hold the item's lease already, so waits until it is routed. */
async function routed(id: string) {
  await decidePendingItems();
  return until(
    async () => {
      const current = await item(id);
      return current.status !== "pending" && current;
    },
    20_000,
    "routing of the item",
  );
}
const decisionsOf = (itemId: string) =>
  db.reviewDecision.findMany({ where: { itemId }, orderBy: { decidedAt: "asc" } });
const executed = (itemId: string) =>
  until(
    async () => {
      const [latest] = await db.reviewDecision.findMany({
        where: { itemId, executionStatus: { notIn: ["queued", "running"] } },
        orderBy: { decidedAt: "desc" },
        take: 1,
      });
      return latest;
    },
    20_000,
    "execution of the decision",
  );

describe("dunning items in the queue", () => {
  it("a hard decline is recommended a reminder with high confidence: executed automatically and the customer is emailed", async () => {
    const { tenant } = await failedPayment("stolen_card");
    const [pending] = await db.reviewItem.findMany({ where: { tenantId: tenant.id } });
    expect(pending).toMatchObject({ kind: "payment_recovery_failed", status: "pending", priority: 20 });
    expect(pending.dueAt.getTime() - pending.createdAt.getTime()).toBe(24 * 3_600_000);

    expect(await routed(pending.id)).toMatchObject({
      status: "approved",
      engine: "rules",
      recommendedAction: "send_reminder",
      confidence: 92,
      policyFile: "payment-recovery-failed.md",
      policyApplied: "R2 Hard decline",
    });
    expect((await item(pending.id)).policyHash).toMatch(/^[0-9a-f]{12}$/);
    const decision = await executed(pending.id);
    expect(decision).toMatchObject({
      verdict: "auto_executed",
      action: "send_reminder",
      actorId: null,
      actorLabel: "system:review-engine",
      recommendedAction: "send_reminder",
      recommendedConfidence: 92,
      executionStatus: "succeeded",
    });
    const mail = await until(
      () =>
        received.find(
          (m) =>
            m.to.includes(`ops@${tenant.slug}.example`) && m.mail.subject === "Action needed on your payment",
        ),
      20_000,
      "reminder email",
    );
    expect(mail.mail.text).toContain("we could not take your last payment");
  });

  it("a soft decline goes to a reviewer; approving retries it through the billing endpoint, which recovers the payment and lifts the suspension", async () => {
    const { tenant, reference } = await failedPayment("insufficient_funds");
    // Dunning gives up after its retries; the last failure is reported as abandoned here by exhausting them.
    await db.payment.update({
      where: { providerReference: reference },
      data: { status: "failed", nextRetryAt: null, attemptCount: 4 },
    });
    await db.tenant.update({
      where: { id: tenant.id },
      data: { status: "suspended", billingSuspended: true, statusBeforeSuspension: "past_due" },
    });
    const payment = await db.payment.findUniqueOrThrow({ where: { providerReference: reference } });
    const [id] = await db.$transaction((tx) =>
      raiseReviewItems(
        tx,
        [
          {
            kind: "payment_recovery_failed",
            tenantId: tenant.id,
            source: "billing.dunning",
            summary: "soft",
            evidence: {
              paymentId: payment.id,
              attempts: 4,
              lastFailureCode: "insufficient_funds",
              hardDecline: false,
            },
            dedupeKey: `dunning:${payment.id}`,
          },
        ],
        DEFAULT_REVIEW_SETTINGS,
      ),
    );
    expect(await routed(id)).toMatchObject({
      status: "in_review",
      recommendedAction: "retry_payment",
      confidence: 78,
    });

    expect(await claimItem.execute(ana, { itemId: id })).toMatchObject({ claimed: true });
    await decideItem.execute(ana, { itemId: id, verdict: "approve" });
    const decision = await executed(id);
    expect(decision).toMatchObject({
      verdict: "approved",
      action: "retry_payment",
      actorLabel: "ana@reviews.test",
      executionStatus: "succeeded",
      executionDetail: "The billing system charged €49.00.",
    });
    expect(requests.filter((r) => r.reference === reference)).toEqual([
      { type: "payment.retry", reference, idempotencyKey: `review:${id}:retry` },
    ]);
    expect(await db.payment.findUniqueOrThrow({ where: { providerReference: reference } })).toMatchObject({
      status: "recovered",
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "active",
      billingSuspended: false,
    });
  });

  it("a payment recovered before anyone decided closes its item, and the engine leaves it closed", async () => {
    // The worker would decide the item at once; it waits while the customer pays.
    await worker.pause();
    const { tenant, pay } = await failedPayment("stolen_card");
    const [pending] = await db.reviewItem.findMany({ where: { tenantId: tenant.id } });
    await pay();
    worker.resume();
    expect(await item(pending.id)).toMatchObject({
      status: "closed",
      closedNote: "The payment was recovered (by the customer) before anyone decided.",
    });
    await decidePendingItems();
    expect(await item(pending.id)).toMatchObject({ status: "closed", engine: null });
    await expect(decideItem.execute(ana, { itemId: pending.id, verdict: "approve" })).rejects.toThrow(
      "This item was closed: The payment was recovered",
    );
  });
});

describe("reviewers deciding", () => {
  it("two reviewers deciding the same item at once: one decision, one clear conflict", async () => {
    for (let round = 0; round < 5; round++) {
      const { itemId } = await raised("payment_missed_installment", {
        type: "missed_installment",
        details: {
          due_date: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10),
          amount: 2500,
          currency: "EUR",
        },
      });
      expect(await routed(itemId)).toMatchObject({
        status: "in_review",
        recommendedAction: "send_reminder",
        confidence: 80,
      });
      const results = await Promise.allSettled([
        decideItem.execute(ana, { itemId, verdict: "approve" }),
        decideItem.execute(ben, { itemId, verdict: "reject", note: "The customer paid by bank transfer" }),
      ]);
      const fulfilled = results.filter((r) => r.status === "fulfilled");
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason.message).toMatch(
        /^This item was already (approved|rejected) by (ana|ben)@reviews\.test at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
      );
      expect(await db.reviewDecision.count({ where: { itemId } })).toBe(1);
      expect(
        await db.auditLog.count({
          where: {
            entityType: "review_item",
            entityId: itemId,
            action: { in: ["review_item.approved", "review_item.rejected"] },
          },
        }),
      ).toBe(1);
    }
  });

  it("an open item is claimed: another reviewer is told who has it and cannot decide until the claim lapses", async () => {
    const { itemId } = await raised("payment_missed_installment", {
      type: "missed_installment",
      details: {
        due_date: new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10),
        amount: 2500,
        currency: "EUR",
      },
    });
    await routed(itemId);
    expect(await claimItem.execute(ana, { itemId })).toMatchObject({ claimed: true });
    expect(await claimItem.execute(ben, { itemId })).toMatchObject({
      claimed: false,
      by: expect.stringContaining("ana@reviews.test"),
    });
    await expect(decideItem.execute(ben, { itemId, verdict: "approve" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Another reviewer has this item open"),
    });

    // Ana moves on without deciding: Ben may take it.
    await releaseItem.execute(ana, { itemId });
    expect(await claimItem.execute(ben, { itemId })).toMatchObject({ claimed: true });
    // Ben walks away; after REVIEW_CLAIM_MINUTES his claim is stale and Ana decides.
    await db.reviewItem.update({
      where: { id: itemId },
      data: { claimedAt: new Date(Date.now() - (env().REVIEW_CLAIM_MINUTES * 60_000 + 1_000)) },
    });
    await decideItem.execute(ana, {
      itemId,
      verdict: "modify",
      action: "dismiss",
      note: "Paid by bank transfer yesterday",
    });
    expect(await item(itemId)).toMatchObject({ status: "modified", claimedById: null });
    expect(await decisionsOf(itemId)).toMatchObject([
      {
        verdict: "modified",
        action: "dismiss",
        recommendedAction: "send_reminder",
        executionStatus: "succeeded",
        executionDetail: "Dismissed: nothing to execute.",
      },
    ]);
  });

  it("reject and modify need a note, and modify an action that applies and differs from the recommendation", async () => {
    const { itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "duplicate", payment_reference: "ch_dup", amount: 4900, currency: "EUR" },
    });
    expect(await routed(itemId)).toMatchObject({
      status: "in_review",
      recommendedAction: "approve_refund",
      confidence: 82,
    });
    await expect(decideItem.execute(ana, { itemId, verdict: "reject", note: "  " })).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { note: ["Say why you reject it"] },
    });
    await expect(
      decideItem.execute(ana, { itemId, verdict: "modify", action: "retry_payment", note: "x" }),
    ).rejects.toMatchObject({ fields: { action: ["Retry payment does not apply to a dispute"] } });
    await expect(
      decideItem.execute(ana, { itemId, verdict: "modify", action: "approve_refund", note: "x" }),
    ).rejects.toMatchObject({ fields: { action: ["That is the recommended action: approve it instead"] } });
    await decideItem.execute(ana, { itemId, verdict: "reject", note: "Charged once only; we contest it" });
    expect(await decisionsOf(itemId)).toMatchObject([
      { verdict: "rejected", action: null, note: "Charged once only; we contest it", executionStatus: null },
    ]);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { entityId: itemId, action: "review_item.rejected" },
    });
    expect(audit).toMatchObject({
      actorLabel: "ana@reviews.test",
      before: {
        status: "in_review",
        recommendation: { engine: "rules", action: "approve_refund", confidence: 82 },
      },
      after: { verdict: "rejected" },
    });
  });

  it("an escalated item is an owner's to decide; approving a suspension suspends the tenant through the worker, audited as the owner", async () => {
    const { tenant, itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "fraudulent", payment_reference: "ch_fraud", amount: 4900, currency: "EUR" },
    });
    const escalated = await routed(itemId);
    expect(escalated).toMatchObject({
      status: "escalated",
      recommendedAction: "suspend_tenant",
      confidence: 60,
      priority: 130,
    });
    expect(await db.notification.count({ where: { link: `/review?item=${itemId}` } })).toBe(1);
    await expect(decideItem.execute(ana, { itemId, verdict: "approve" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Escalated items are decided by an owner.",
    });

    await decideItem.execute(owner, { itemId, verdict: "approve", note: "Card testing from this account" });
    expect(await executed(itemId)).toMatchObject({
      executionStatus: "succeeded",
      executionDetail: `${tenant.name} was suspended.`,
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "suspended",
      billingSuspended: false,
      statusBeforeSuspension: "active",
    });
    expect(
      await db.auditLog.findFirstOrThrow({ where: { entityId: tenant.id, action: "tenant.suspended" } }),
    ).toMatchObject({ actorLabel: owner.label });
  });

  it("an owner reopens an automatic decision: it is kept and marked reversed, and the item is back in review", async () => {
    const { itemId } = await raised("payment_missed_installment", {
      type: "missed_installment",
      details: {
        due_date: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
        amount: 2500,
        currency: "EUR",
      },
    });
    expect(await routed(itemId)).toMatchObject({ status: "approved", confidence: 92 });
    await executed(itemId);
    await expect(reopenItem.execute(ana, { itemId, note: "wrong" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(reopenItem.execute(owner, { itemId, note: "" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await reopenItem.execute(owner, { itemId, note: "The customer is on a payment holiday" });
    expect(await item(itemId)).toMatchObject({ status: "in_review" });
    const [auto] = await decisionsOf(itemId);
    expect(auto).toMatchObject({ verdict: "auto_executed", reversedById: owner.id });
    expect(auto.reversedAt).not.toBeNull();
    await expect(reopenItem.execute(owner, { itemId, note: "again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await decideItem.execute(ben, { itemId, verdict: "reject", note: "Payment holiday agreed" });
    expect((await decisionsOf(itemId)).map((d) => [d.verdict, d.reversedAt === null])).toEqual([
      ["auto_executed", false],
      ["rejected", true],
    ]);
  });

  it("suspensions are executed without a person only when the owner turns that on", async () => {
    const strong = await raised("suspension", { unpaidPayments: 2, activeBans: 3 }, 95);
    await routed(strong.itemId);
    expect(await item(strong.itemId)).toMatchObject({
      status: "in_review",
      recommendedAction: "suspend_tenant",
      confidence: 95,
    });

    await updateReviewSettings.execute(owner, { ...DEFAULT_REVIEW_SETTINGS, autoExecuteSuspensions: true });
    try {
      const next = await raised("suspension", { unpaidPayments: 2, activeBans: 3 }, 95);
      await routed(next.itemId);
      expect(await item(next.itemId)).toMatchObject({ status: "approved" });
      expect(await executed(next.itemId)).toMatchObject({
        verdict: "auto_executed",
        executionStatus: "succeeded",
      });
      expect(await db.tenant.findUniqueOrThrow({ where: { id: next.tenant.id } })).toMatchObject({
        status: "suspended",
      });
    } finally {
      await updateReviewSettings.execute(owner, DEFAULT_REVIEW_SETTINGS);
    }
  });
});

describe("executions", () => {
  it("a refund goes to the billing endpoint once per decision; a decline by the billing system is recorded as a failed execution", async () => {
    const { itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "duplicate", payment_reference: "ch_refund_me", amount: 1999, currency: "USD" },
    });
    await routed(itemId);
    answers.push({ status: "failed", failure_code: "charge_already_refunded" });
    await decideItem.execute(ana, { itemId, verdict: "approve" });
    const decision = await executed(itemId);
    expect(decision).toMatchObject({
      executionStatus: "failed",
      executionDetail: "The billing system declined it (charge_already_refunded).",
    });
    expect(requests.filter((r) => r.reference === "ch_refund_me")).toEqual([
      { type: "payment.refund", reference: "ch_refund_me", idempotencyKey: `review:${itemId}:refund` },
    ]);
    // A second run of the same job does nothing.
    expect(await executeReviewDecision(decision.id, null, { finalAttempt: true })).toBeNull();
    expect(requests.filter((r) => r.reference === "ch_refund_me")).toHaveLength(1);
  });

  it("a charge of another tenant is never refunded in this tenant's name", async () => {
    const { reference } = await failedPayment("insufficient_funds");
    const { itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "duplicate", payment_reference: reference, amount: 4900, currency: "EUR" },
    });
    await routed(itemId);
    await decideItem.execute(ana, { itemId, verdict: "approve" });
    expect(await executed(itemId)).toMatchObject({
      executionStatus: "failed",
      executionDetail: `The charge ${reference} belongs to another tenant; nothing was sent.`,
    });
    expect(requests.some((r) => r.reference === reference && r.type === "payment.refund")).toBe(false);
  });

  it("a refund request's age counts to when the customer asked, however long it waited in the queue", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
    const { itemId } = await raised("payment_refund_request", {
      type: "refund_request",
      occurredAt: day(-7).toISOString(),
      details: {
        payment_reference: "ch_asked_in_time",
        amount: 1500,
        currency: "EUR",
        paid_on: day(-20).toISOString().slice(0, 10),
        reason: "Not needed",
      },
    });
    expect(await routed(itemId)).toMatchObject({
      policyApplied: "F1 Small and recent",
      reasoning: "15 EUR, asked 13 days after paying.",
    });
  });

  it("without a billing endpoint a refund cannot be sent, and says so", async () => {
    const { itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "duplicate", payment_reference: "ch_nowhere", amount: 1999, currency: "USD" },
    });
    await routed(itemId);
    const tx = await db.$transaction(async (t) => {
      await t.reviewItem.update({ where: { id: itemId }, data: { status: "approved" } });
      return t.reviewDecision.create({
        data: {
          itemId,
          kind: "payment_dispute",
          verdict: "approved",
          action: "approve_refund",
          actorLabel: "test",
          secondsToDecision: 1,
          executionStatus: "queued",
        },
      });
    });
    expect(await executeReviewDecision(tx.id, null, { finalAttempt: false })).toEqual({
      ok: false,
      detail: expect.stringContaining("No billing endpoint is configured (BILLING_WEBHOOK_URL)"),
    });
    expect(requests.some((r) => r.reference === "ch_nowhere")).toBe(false);
  });

  it("an execution whose job was lost is queued again by the next sweep", async () => {
    const { itemId } = await raised("payment_missed_installment", {
      type: "missed_installment",
      details: {
        due_date: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10),
        amount: 2500,
        currency: "EUR",
      },
    });
    await routed(itemId);
    await worker.pause();
    try {
      await decideItem.execute(ana, { itemId, verdict: "approve" });
      const [decision] = await decisionsOf(itemId);
      await getQueue("reviews").remove(`review-execution-${decision.id}`);
      await db.reviewDecision.update({
        where: { id: decision.id },
        data: { decidedAt: new Date(Date.now() - 5 * 60_000) },
      });
      expect(await getQueue("reviews").getJob(`review-execution-${decision.id}`)).toBeUndefined();
      await decidePendingItems();
      expect(await getQueue("reviews").getJob(`review-execution-${decision.id}`)).toBeDefined();
    } finally {
      worker.resume();
    }
    expect(await executed(itemId)).toMatchObject({ executionStatus: "succeeded" });
  });
});

describe("decisions that meet a changed world", () => {
  /** A soft-declined payment that dunning gave up on, its item routed to a reviewer. */
  async function abandonedPayment() {
    const { tenant, reference, pay } = await failedPayment("insufficient_funds");
    await db.payment.update({
      where: { providerReference: reference },
      data: { status: "failed", nextRetryAt: null, attemptCount: 4 },
    });
    const payment = await db.payment.findUniqueOrThrow({ where: { providerReference: reference } });
    const [id] = await db.$transaction((tx) =>
      raiseReviewItems(
        tx,
        [
          {
            kind: "payment_recovery_failed",
            tenantId: tenant.id,
            source: "billing.dunning",
            summary: "soft",
            evidence: {
              paymentId: payment.id,
              attempts: 4,
              lastFailureCode: "insufficient_funds",
              hardDecline: false,
            },
            dedupeKey: `dunning:${payment.id}`,
          },
        ],
        DEFAULT_REVIEW_SETTINGS,
      ),
    );
    await routed(id);
    return { tenant, reference, pay, itemId: id };
  }

  it("an approved retry whose payment was paid before it ran charges nothing", async () => {
    const { reference, pay, itemId } = await abandonedPayment();
    await worker.pause();
    try {
      await decideItem.execute(ana, { itemId, verdict: "approve" });
      await pay();
    } finally {
      worker.resume();
    }
    expect(await executed(itemId)).toMatchObject({
      executionStatus: "succeeded",
      executionDetail: "The payment was settled meanwhile; nothing was sent.",
    });
    expect(requests.filter((r) => r.reference === reference)).toEqual([]);
  });

  it("reopening before the action ran cancels it; an escalated item reopens to the owners", async () => {
    const { tenant, itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "fraudulent", payment_reference: "ch_reopen", amount: 4900, currency: "EUR" },
    });
    await routed(itemId);
    await worker.pause();
    try {
      await decideItem.execute(owner, { itemId, verdict: "approve" });
      expect(await reopenItem.execute(owner, { itemId, note: "Wrong tenant, stop" })).toMatchObject({
        status: "escalated",
      });
    } finally {
      worker.resume();
    }
    const [cancelled] = await decisionsOf(itemId);
    expect(cancelled).toMatchObject({
      executionStatus: "cancelled",
      executionDetail: "Cancelled: the item was reopened before its action ran.",
    });
    expect(await executeReviewDecision(cancelled.id, null, { finalAttempt: true })).toBeNull();
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "active",
    });
    await expect(decideItem.execute(ana, { itemId, verdict: "approve" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(claimItem.execute(ana, { itemId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Escalated items are decided by an owner.",
    });
  });

  it("deciding an item again never refunds twice: the refund carries the item's key", async () => {
    const { itemId } = await raised("payment_dispute", {
      type: "dispute",
      details: { reason: "duplicate", payment_reference: "ch_twice", amount: 1000, currency: "EUR" },
    });
    await routed(itemId);
    await decideItem.execute(ana, { itemId, verdict: "approve" });
    await executed(itemId);
    await reopenItem.execute(owner, { itemId, note: "Check the amount" });
    await decideItem.execute(ben, { itemId, verdict: "approve" });
    await until(
      async () => (await decisionsOf(itemId)).every((d) => d.executionStatus === "succeeded") || null,
      20_000,
      "second execution",
    );
    expect(new Set(requests.filter((r) => r.reference === "ch_twice").map((r) => r.idempotencyKey))).toEqual(
      new Set([`review:${itemId}:refund`]),
    );
  });

  it("a person's suspension of a tenant billing already suspended is not lifted by the next payment", async () => {
    const { tenant, itemId, pay } = await abandonedPayment();
    await db.tenant.update({
      where: { id: tenant.id },
      data: { status: "suspended", billingSuspended: true, statusBeforeSuspension: "past_due" },
    });
    await decideItem.execute(owner, {
      itemId,
      verdict: "modify",
      action: "suspend_tenant",
      note: "Third time this year",
    });
    expect(await executed(itemId)).toMatchObject({
      executionStatus: "succeeded",
      executionDetail:
        "The tenant was already suspended by billing; it now stays suspended until an owner reactivates it.",
    });
    await pay();
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "suspended",
      billingSuspended: false,
    });
  });

  it("two runs of one execution act once and record the outcome once", async () => {
    for (let round = 0; round < 4; round++) {
      const { tenant, itemId } = await raised("suspension", { unpaidPayments: 2, activeBans: 3 }, 95);
      await routed(itemId);
      await worker.pause();
      let decisionId: string;
      try {
        ({ decisionId } = await decideItem.execute(owner, { itemId, verdict: "approve" }));
        const runs = await Promise.all(
          [1, 2].map(() => executeReviewDecision(decisionId, null, { finalAttempt: true })),
        );
        expect(runs.filter((r) => r !== null)).toEqual([
          { ok: true, detail: `${tenant.name} was suspended.` },
        ]);
      } finally {
        worker.resume();
      }
      expect(await db.reviewDecision.findUniqueOrThrow({ where: { id: decisionId } })).toMatchObject({
        executionStatus: "succeeded",
      });
      expect(await db.auditLog.count({ where: { entityId: tenant.id, action: "tenant.suspended" } })).toBe(1);
    }
  });
});

describe("rules as the policies say", () => {
  const context = (
    evidence: Record<string, unknown>,
    factors: { key: string; points: number; weight: number }[] = [],
  ) => ({
    kind: "x",
    raisedAt: new Date().toISOString(),
    evidence,
    score: factors.reduce((sum, f) => sum + f.points, 0),
    factors: factors.map((f) => ({ ...f, label: f.key, explanation: f.key })),
    tenant: { plan: "pro", status: "active", ageDays: 100, billingSuspended: false },
  });

  it("S3: critical anomalies at full weight on a paying tenant are a suspension, like full rate-limit abuse", () => {
    expect(
      rulesRecommendation("suspension", context({}, [{ key: "criticalAnomalies", points: 20, weight: 20 }])),
    ).toMatchObject({ action: "suspend_tenant", policy_applied: "S3 Abuse only" });
    expect(
      rulesRecommendation("suspension", context({}, [{ key: "criticalAnomalies", points: 10, weight: 20 }])),
    ).toMatchObject({ action: "dismiss", policy_applied: "S3 Abuse only" });
  });

  it("R4: a dunning item without its attempts or failure code gets low confidence", () => {
    expect(rulesRecommendation("payment_recovery_failed", context({ paymentId: "p" }))).toMatchObject({
      confidence: 60,
      policy_applied: "R4 Confidence",
    });
  });
});
