import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { closeQueues } from "@/lib/jobs/queues";
import { aiBreakerState, resetAiBreaker } from "@/lib/review/decide/circuit-breaker";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { recommend } from "@/lib/review/decide/decision-engine";
import { policyFor } from "@/lib/review/decide/policies";
import { raiseReviewItems } from "@/lib/review/intake/raise-items";
import type { DecisionContext } from "@/lib/review/recommendation";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { makeTenant, makeUser } from "./setup/fixtures";

// The AI decision engine, with the real Anthropic SDK talking to a local server that speaks the
// Messages API. Each test scripts the server's replies and reads what reached it.

/** "hang": never answers; "stall": sends the headers and half a body, then nothing. */
type Reply = "hang" | "stall" | { status: number; body: unknown; delayMs?: number };
type Received = {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { model: string; system: string; messages: { role: string; content: unknown }[] };
};

const replies: Reply[] = [];
const received: Received[] = [];
const hanging: ServerResponse[] = [];
const api = createServer(async (request, response) => {
  let raw = "";
  for await (const chunk of request) raw += chunk;
  received.push({ path: request.url, headers: request.headers, raw, body: JSON.parse(raw) });
  const reply = replies.shift() ?? {
    status: 500,
    body: { type: "error", error: { type: "api_error", message: "the test scripted no reply" } },
  };
  if (reply === "hang") return void hanging.push(response);
  if (reply === "stall") {
    response
      .writeHead(200, { "content-type": "application/json" })
      .write('{"id": "msg_stalled", "type": "mess');
    return void hanging.push(response);
  }
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  response
    .writeHead(reply.status, { "content-type": "application/json", "request-id": `req_${received.length}` })
    .end(JSON.stringify(reply.body));
});
await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));

const API_KEY = "sk-ant-test-7f3c9a1e";
const TIMEOUT_MS = 1_500;
const COOLDOWN_S = 60;
// Set before the environment is first read.
process.env.REVIEW_ENGINE = "ai";
process.env.ANTHROPIC_API_KEY = API_KEY;
process.env.ANTHROPIC_MODEL = "claude-requested";
process.env.ANTHROPIC_BASE_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
process.env.REVIEW_AI_TIMEOUT_MS = String(TIMEOUT_MS);
process.env.REVIEW_AI_BREAKER_FAILURES = "3";
process.env.REVIEW_AI_BREAKER_COOLDOWN_SECONDS = String(COOLDOWN_S);

const { actor: owner } = await makeUser("OWNER");

beforeEach(async () => {
  replies.length = 0;
  received.length = 0;
  await resetAiBreaker();
});
afterEach(() => {
  for (const response of hanging.splice(0)) response.destroy();
});
afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await closeQueues();
});

/** A Messages API answer whose text is `text` (a JSON object is sent as its JSON). */
function answer(text: unknown, usage = { input_tokens: 420, output_tokens: 61 }, delayMs = 0): Reply {
  return {
    status: 200,
    delayMs,
    body: {
      id: `msg_${Math.random().toString(36).slice(2)}`,
      type: "message",
      role: "assistant",
      model: "claude-answered-20990101",
      content: [{ type: "text", text: typeof text === "string" ? text : JSON.stringify(text) }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage,
    },
  };
}

const apiError = (status: number, type: string): Reply => ({
  status,
  body: { type: "error", error: { type, message: `${type} (test)` } },
});
const overloaded = () => apiError(529, "overloaded_error");

const REFUND = {
  decision: "refund",
  action: "approve_refund",
  confidence: 82,
  reasoning: "Asked 20 days after paying, within 30 days.",
  policy_applied: "F2 Within 30 days",
};

const DAY = 86_400_000;
const now = new Date();
const day = (at: Date) => at.toISOString().slice(0, 10);

/** The engine's view of a refund request for €49 paid 20 days ago (rules: F2, approve_refund, 80). */
function refundContext(reason = "Charged twice for March"): DecisionContext {
  return {
    kind: "payment_refund_request",
    raisedAt: now.toISOString(),
    evidence: {
      type: "refund_request",
      details: {
        payment_reference: "ch_3PxT81",
        amount: 4900,
        currency: "EUR",
        paid_on: day(new Date(now.getTime() - 20 * DAY)),
        reason,
      },
      occurredAt: null,
    },
    score: null,
    factors: null,
    tenant: { plan: "pro", status: "active", ageDays: 200, billingSuspended: false },
  };
}

let dedupe = 0;
/** A refund-request review item raised as the payment-issue API does, waiting for the engine. */
async function raiseRefundRequest(reason: string, at = now) {
  const tenant = await makeTenant(owner);
  const { details } = refundContext(reason).evidence as { details: Record<string, unknown> };
  const [id] = await db.$transaction((tx) =>
    raiseReviewItems(
      tx,
      [
        {
          kind: "payment_refund_request",
          tenantId: tenant.id,
          source: "api",
          summary: `${tenant.name}: refund of €49.00 requested`,
          evidence: { type: "refund_request", details: details as never, occurredAt: null },
          dedupeKey: `test:refund:${dedupe++}`,
        },
      ],
      DEFAULT_REVIEW_SETTINGS,
      at,
    ),
  );
  return { id, tenant };
}

const hhmm = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

describe("AI decision engine against a Messages API server", () => {
  it("stores the AI's recommendation with its model, tokens and latency; sends only this kind's policy and no PII", async () => {
    const { id, tenant } = await raiseRefundRequest(
      "Please refund to jane.doe@example.com, card 4111 1111 1111 1111 was charged twice",
    );
    replies.push(answer(REFUND, { input_tokens: 512, output_tokens: 73 }, 120));

    const summary = await decidePendingItems(now);

    expect(summary).toMatchObject({ decided: 1, inReview: 1, failed: 0 });
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id } });
    const policy = policyFor("payment_refund_request");
    expect(item).toMatchObject({
      status: "in_review",
      engine: "ai",
      engineNote: null,
      engineModel: "claude-answered-20990101",
      policyFile: "payment-refund-request.md",
      policyHash: policy.hash,
      recommendedDecision: "refund",
      recommendedAction: "approve_refund",
      confidence: 82,
      reasoning: REFUND.reasoning,
      policyApplied: "F2 Within 30 days",
      inputTokens: 512,
      outputTokens: 73,
    });
    // The server took 120 ms to answer; the latency covers the call, not only the parsing.
    expect(item.latencyMs).toBeGreaterThanOrEqual(115);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.path).toBe("/v1/messages");
    // SDK 1.x sends the key as a bearer token.
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body.model).toBe("claude-requested");
    expect(request.body.system).toContain(policy.text.trim());
    expect(request.body.system).toContain("Allowed actions: approve_refund, dismiss.");
    for (const other of ["suspension", "payment_dispute", "payment_decline"] as const)
      expect(request.body.system).not.toContain(policyFor(other).text.trim().split("\n")[0]);
    // The context arrives as JSON with the planted PII scrubbed and nothing that names the tenant.
    const context = JSON.parse(request.body.messages[0].content as string);
    expect(context.evidence.details.reason).toBe(
      "Please refund to [redacted email], card [redacted card number] was charged twice",
    );
    expect(context.evidence.details.payment_reference).toBe("ch_3PxT81");
    for (const secret of ["jane.doe", "example.com", "4111", tenant.name, tenant.slug, tenant.contactEmail])
      expect(request.raw).not.toContain(secret);
  });

  it("asks again once after malformed JSON, and counts the tokens of both calls", async () => {
    replies.push(
      answer('{"decision": "refund", "action": "approve_refund", confidence: 82', {
        input_tokens: 400,
        output_tokens: 20,
      }),
    );
    replies.push(
      answer(`Here it is:\n\`\`\`json\n${JSON.stringify(REFUND)}\n\`\`\``, {
        input_tokens: 450,
        output_tokens: 70,
      }),
    );

    const outcome = await recommend("payment_refund_request", refundContext(), now);

    expect(outcome).toMatchObject({
      engine: "ai",
      engineNote: null,
      model: "claude-answered-20990101",
      inputTokens: 850,
      outputTokens: 90,
      recommendation: REFUND,
    });
    expect(received).toHaveLength(2);
    // The second call shows the refused answer and says why it was refused.
    const retry = received[1].body.messages;
    expect(retry.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(retry[2].content).toContain("not valid: not JSON");
    expect(await aiBreakerState(now)).toEqual({ open: false, until: null, consecutiveFailures: 0 });
  });

  it("falls back to rules when the answer is invalid twice (an action the kind does not allow, then confidence out of range)", async () => {
    replies.push(answer({ ...REFUND, action: "suspend_tenant" }));
    replies.push(answer({ ...REFUND, confidence: 140 }));

    const outcome = await recommend("payment_refund_request", refundContext(), now);

    expect(outcome.engine).toBe("rules");
    expect(outcome.engineNote).toMatch(
      /^AI answer invalid twice \(not the expected object \(confidence: .+\)\); rules decided$/,
    );
    // Rules decided, but the two calls' tokens were spent and are recorded.
    expect(outcome).toMatchObject({
      model: null,
      inputTokens: 840,
      outputTokens: 122,
      recommendation: { action: "approve_refund", confidence: 80, policy_applied: "F2 Within 30 days" },
    });
    expect(received).toHaveLength(2);
    expect(received[1].body.messages.at(-1)?.content).toContain(
      "action suspend_tenant is not allowed here (only approve_refund, dismiss)",
    );
    // Two invalid answers are one failed decision for the breaker.
    expect(await aiBreakerState(now)).toMatchObject({ open: false, consecutiveFailures: 1 });
  });

  it("falls back to rules when the API does not answer within the timeout", async () => {
    replies.push("hang");
    const started = performance.now();

    const outcome = await recommend("payment_refund_request", refundContext(), now);

    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({
      engine: "rules",
      engineNote: "AI unavailable (timed out after 1.5 s); rules decided",
      model: null,
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(received).toHaveLength(1);
    expect(await aiBreakerState(now)).toMatchObject({ consecutiveFailures: 1 });
  });

  it("falls back to rules when the answer starts but never completes", async () => {
    replies.push("stall");
    const started = performance.now();

    const outcome = await recommend("payment_refund_request", refundContext(), now);

    expect(outcome).toMatchObject({
      engine: "rules",
      engineNote: "AI unavailable (timed out after 1.5 s); rules decided",
    });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1_500);
  });

  it("says why the API was unavailable: rate limited, server error", async () => {
    replies.push(apiError(429, "rate_limit_error"), apiError(500, "api_error"));
    expect((await recommend("payment_refund_request", refundContext(), now)).engineNote).toBe(
      "AI unavailable (rate limited, HTTP 429); rules decided",
    );
    expect((await recommend("payment_refund_request", refundContext(), now)).engineNote).toBe(
      "AI unavailable (server error, HTTP 500); rules decided",
    );
    // The SDK does not retry on its own: each decision made exactly one call.
    expect(received).toHaveLength(2);
  });

  it("opens the circuit after 3 overloaded answers, lets rules decide without calling the API, then recovers after the cool-down", async () => {
    const t0 = new Date(now.getTime() + DAY);
    replies.push(overloaded(), overloaded(), overloaded());
    for (let i = 0; i < 3; i++) {
      const outcome = await recommend("payment_refund_request", refundContext(), t0);
      expect(outcome).toMatchObject({
        engine: "rules",
        engineNote: "AI unavailable (overloaded, HTTP 529); rules decided",
      });
    }
    expect(received).toHaveLength(3);
    const until = new Date(t0.getTime() + COOLDOWN_S * 1_000);
    expect(await aiBreakerState(t0)).toEqual({ open: true, until, consecutiveFailures: 3 });

    // While it is open, items are decided by rules through the whole pipeline, and the API hears nothing.
    const items = await Promise.all([
      raiseRefundRequest("Not used any more", t0),
      raiseRefundRequest("Wrong plan", t0),
    ]);
    replies.push(answer(REFUND));
    const summary = await decidePendingItems(new Date(t0.getTime() + 30_000));
    expect(summary).toMatchObject({ decided: 2, failed: 0 });
    expect(received).toHaveLength(3);
    for (const { id } of items) {
      expect(await db.reviewItem.findUniqueOrThrow({ where: { id } })).toMatchObject({
        engine: "rules",
        engineNote: `AI paused after 3 consecutive failures until ${hhmm(until)}; rules decided`,
        engineModel: null,
        policyFile: "payment-refund-request.md",
        policyHash: policyFor("payment_refund_request").hash,
        recommendedAction: "approve_refund",
        confidence: 80,
        inputTokens: null,
        outputTokens: null,
      });
    }

    // After the cool-down one trial goes through; while it is under way the others stay with rules.
    replies.length = 0;
    replies.push(answer(REFUND, undefined, 300));
    const afterCooldown = new Date(until.getTime() + 1_000);
    const outcomes = await Promise.all(
      [0, 1, 2].map(() => recommend("payment_refund_request", refundContext(), afterCooldown)),
    );
    expect(received).toHaveLength(4);
    expect(outcomes.filter((o) => o.engine === "ai")).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.engine === "rules"))
      expect(o.engineNote).toBe(
        "AI paused after 3 consecutive failures; a trial call is checking whether it is back; rules decided",
      );

    // The trial succeeded: the circuit is closed and the next call goes to the AI again.
    expect(await aiBreakerState(afterCooldown)).toEqual({ open: false, until: null, consecutiveFailures: 0 });
    replies.push(answer(REFUND));
    expect((await recommend("payment_refund_request", refundContext(), afterCooldown)).engine).toBe("ai");
    expect(received).toHaveLength(5);
  });

  it("a failed trial call opens the circuit for another cool-down", async () => {
    const t0 = new Date(now.getTime() + 2 * DAY);
    replies.push(overloaded(), overloaded(), overloaded(), overloaded());
    for (let i = 0; i < 3; i++) await recommend("payment_refund_request", refundContext(), t0);
    const trialAt = new Date(t0.getTime() + COOLDOWN_S * 1_000);

    const trial = await recommend("payment_refund_request", refundContext(), trialAt);

    expect(trial).toMatchObject({
      engine: "rules",
      engineNote: "AI unavailable (overloaded, HTTP 529); rules decided",
    });
    const reopenedUntil = new Date(trialAt.getTime() + COOLDOWN_S * 1_000);
    expect(await aiBreakerState(trialAt)).toEqual({
      open: true,
      until: reopenedUntil,
      consecutiveFailures: 4,
    });
    const paused = await recommend(
      "payment_refund_request",
      refundContext(),
      new Date(trialAt.getTime() + 1_000),
    );
    expect(paused.engineNote).toBe(
      `AI paused after 4 consecutive failures until ${hhmm(reopenedUntil)}; rules decided`,
    );
    expect(received).toHaveLength(4);
    expect(env().REVIEW_AI_BREAKER_COOLDOWN_SECONDS).toBe(COOLDOWN_S);
  });
});
