import { createHash } from "node:crypto";
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import type { Message, MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { env } from "@/lib/env";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import {
  recommendationSchema,
  type DecisionContext,
  type EngineOutcome,
  type Recommendation,
} from "@/lib/review/recommendation";
import { policyFor } from "./policies";
import { redactPii } from "./redact";

/** Room for the JSON answer with a few sentences of reasoning; a longer answer is cut and so invalid. */
const MAX_TOKENS = 1_024;

/** What asking Claude gave: a recommendation, or why rules must decide (the note the item shows). */
export type AiResult = { ok: true; outcome: EngineOutcome } | { ok: false; note: string; spent: Spent };

/** What the calls cost even when their answer was not used: tokens and time are recorded on the item either way. */
type Spent = { latencyMs: number; inputTokens: number; outputTokens: number };

let cached: { configuration: string; client: Anthropic } | undefined;

/**
 * One client per configuration. The SDK never retries (maxRetries 0): an invalid answer is asked
 * again once here, and failures go to the circuit breaker rather than into hidden retries.
 */
function client(): Anthropic {
  const { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: baseURL, REVIEW_AI_TIMEOUT_MS: timeout } = env();
  if (!apiKey) throw new Error("ANTHROPIC_API_KEY is not set");
  const configuration = createHash("sha256")
    .update(JSON.stringify([apiKey, baseURL ?? null, timeout]))
    .digest("hex");
  if (cached?.configuration !== configuration) {
    cached = {
      configuration,
      client: new Anthropic({
        apiKey,
        baseURL: baseURL ?? null,
        timeout,
        maxRetries: 0,
        // Prompts carry customers' cases: never in the SDK's logs (ANTHROPIC_LOG=debug) nor in trace spans.
        logLevel: "warn",
        openTelemetry: { traces: { contentMode: "metadata_only" } },
      }),
    };
  }
  return cached.client;
}

function systemPrompt(kind: ReviewItemKind): string {
  const { label, actions } = REVIEW_KINDS[kind];
  const policy = policyFor(kind);
  return [
    `You recommend what to do about one item in a SaaS platform owner's review queue: ${label.toLowerCase()} (${kind}).`,
    "Apply only the policy below; no other rule and no outside knowledge about the customer.",
    "The user message is the item's context as JSON, with personal data redacted.",
    "",
    "Answer with one JSON object only, and no other text:",
    '{"decision": "<a short verdict in words>", "action": "<one of the allowed actions>", "confidence": <an integer from 0 to 100>, "reasoning": "<the facts of the item that decided it, briefly>", "policy_applied": "<the section of the policy you applied, by its heading>"}',
    `Allowed actions: ${actions.join(", ")}.`,
    "When the policy does not clearly cover the item, say so in the reasoning and give a confidence below 70.",
    "",
    `<policy file="${policy.file}">`,
    policy.text.trim(),
    "</policy>",
  ].join("\n");
}

type Parsed = { ok: true; recommendation: Recommendation } | { ok: false; reason: string; text: string };

/** The answer's JSON (bare or in a ```json fence), validated, with an action this kind allows. */
export function parseAnswer(kind: ReviewItemKind, message: Pick<Message, "content" | "stop_reason">): Parsed {
  const text = message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
  if (!text.trim()) return { ok: false, reason: "no text in the answer", text };
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  let json: unknown;
  try {
    json = JSON.parse((fenced ? fenced[1] : text).trim());
  } catch {
    // JSON.parse's message quotes the answer; the reason is shown on the item, so it says only what went wrong.
    return {
      ok: false,
      reason: message.stop_reason === "max_tokens" ? "not JSON (the answer was cut off)" : "not JSON",
      text,
    };
  }
  const parsed = recommendationSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "answer"}: ${issue.message}`);
    return { ok: false, reason: `not the expected object (${problems.join("; ")})`, text };
  }
  const allowed = REVIEW_KINDS[kind].actions;
  if (!allowed.includes(parsed.data.action)) {
    return {
      ok: false,
      reason: `action ${parsed.data.action} is not allowed here (only ${allowed.join(", ")})`,
      text,
    };
  }
  return { ok: true, recommendation: parsed.data };
}

/** The conversation for one attempt: the context, and after an invalid answer that answer and why it was refused. */
function conversation(
  contextJson: string,
  previous: { reason: string; text: string } | null,
): MessageParam[] {
  if (!previous) return [{ role: "user", content: contextJson }];
  const correction = `That answer was not valid: ${previous.reason}. Answer again with only the JSON object the instructions describe.`;
  if (!previous.text.trim())
    return [
      {
        role: "user",
        content: [
          { type: "text", text: contextJson },
          { type: "text", text: correction },
        ],
      },
    ];
  return [
    { role: "user", content: contextJson },
    { role: "assistant", content: previous.text.trim() },
    { role: "user", content: correction },
  ];
}

/** In a few words, why the API could not answer: shown on the item as "AI unavailable (…)". */
function unavailableReason(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut || error instanceof APIConnectionTimeoutError)
    return `timed out after ${timeoutMs >= 1_000 ? `${timeoutMs / 1_000} s` : `${timeoutMs} ms`}`;
  if (error instanceof APIConnectionError) return "connection failed";
  if (error instanceof APIError && error.status !== undefined) {
    const { status } = error;
    if (status === 529) return "overloaded, HTTP 529";
    if (status === 429) return "rate limited, HTTP 429";
    if (status === 401 || status === 403) return `API key refused, HTTP ${status}`;
    if (status >= 500) return `server error, HTTP ${status}`;
    return `${error.type ?? "request refused"}, HTTP ${status}`;
  }
  return "unexpected error";
}

/**
 * Asks Claude about one item: only this kind's policy as the system prompt, the item's context with
 * personal data redacted as the message. An invalid answer is asked again once, saying why. Never
 * throws: an API error, a timeout or two invalid answers give `ok: false` with the note for the item.
 */
export async function aiRecommendation(kind: ReviewItemKind, context: DecisionContext): Promise<AiResult> {
  const timeoutMs = env().REVIEW_AI_TIMEOUT_MS;
  const system = systemPrompt(kind);
  const contextJson = JSON.stringify(redactPii(context));
  const started = performance.now();
  let inputTokens = 0;
  let outputTokens = 0;
  let previous: { reason: string; text: string } | null = null;
  for (let attempt = 1; attempt <= 2; attempt++) {
    // The SDK's timeout ends the wait for the response's headers; this also ends a body that never completes.
    const deadline = AbortSignal.timeout(timeoutMs);
    let message: Message;
    try {
      message = await client().messages.create(
        {
          model: env().ANTHROPIC_MODEL,
          max_tokens: MAX_TOKENS,
          system,
          messages: conversation(contextJson, previous),
        },
        { signal: deadline },
      );
    } catch (error) {
      const reason = unavailableReason(error, deadline.aborted, timeoutMs);
      logger.warn(
        { kind, attempt, reason, requestId: error instanceof APIError ? error.requestID : undefined },
        "AI unavailable; rules decide",
      );
      return {
        ok: false,
        note: `AI unavailable (${reason}); rules decided`,
        spent: { latencyMs: Math.round(performance.now() - started), inputTokens, outputTokens },
      };
    }
    inputTokens += message.usage.input_tokens;
    outputTokens += message.usage.output_tokens;
    const parsed = parseAnswer(kind, message);
    if (parsed.ok) {
      return {
        ok: true,
        outcome: {
          recommendation: parsed.recommendation,
          engine: "ai",
          engineNote: null,
          model: message.model,
          latencyMs: Math.round(performance.now() - started),
          inputTokens,
          outputTokens,
        },
      };
    }
    logger.warn(
      { kind, attempt, reason: parsed.reason },
      attempt === 1 ? "AI answer invalid; asking once more" : "AI answer invalid twice; rules decide",
    );
    previous = parsed;
  }
  return {
    ok: false,
    note: `AI answer invalid twice (${previous?.reason}); rules decided`,
    spent: { latencyMs: Math.round(performance.now() - started), inputTokens, outputTokens },
  };
}
