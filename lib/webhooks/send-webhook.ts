import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { env } from "@/lib/env";
import { publicOnlyLookup, refusedTarget } from "./outbound-guard";
import { signatureHeader } from "./signing";

export type SendOutcome = {
  /** Answered 2xx. */
  delivered: boolean;
  /** The receiver's status, or null when no answer came (refused, timed out, unreachable). */
  statusCode: number | null;
  latencyMs: number;
  /** The start of the answer's body, for the delivery log. */
  excerpt: string | null;
  error: string | null;
};

const EXCERPT_CHARS = 500;

/**
 * POSTs one event to one URL, signed with every secret in force. Never throws: whatever happens
 * becomes an outcome for the delivery log. Redirects are not followed (a receiver answers itself).
 */
export function sendWebhook(input: {
  url: string;
  id: string;
  body: string;
  secrets: string[];
  timestampSeconds: number;
}): Promise<SendOutcome> {
  const { WEBHOOK_ALLOW_PRIVATE_TARGETS: allowPrivate, WEBHOOK_TIMEOUT_MS: timeoutMs } = env();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(input.url);
  const refused = refusedTarget(url, allowPrivate);
  if (refused)
    return Promise.resolve({
      delivered: false,
      statusCode: null,
      latencyMs: 0,
      excerpt: null,
      error: refused,
    });

  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, "latencyMs" | "delivered">) => {
      if (settled) return;
      settled = true;
      const code = outcome.statusCode;
      resolve({ ...outcome, delivered: code !== null && code >= 200 && code < 300, latencyMs: elapsed() });
    };
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(input.body),
        "user-agent": "Steward-Webhooks/1",
        "webhook-id": input.id,
        "webhook-timestamp": String(input.timestampSeconds),
        "webhook-signature": signatureHeader(input.secrets, input.id, input.timestampSeconds, input.body),
      },
      lookup: allowPrivate ? undefined : publicOnlyLookup,
      timeout: timeoutMs,
    });
    // One deadline for the whole exchange: `timeout` alone only covers an idle socket.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => {
      clearTimeout(deadline);
      finish({ statusCode: null, excerpt: null, error: error.message.slice(0, 300) });
    });
    request.on("response", (response) => {
      let excerpt = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (excerpt.length < EXCERPT_CHARS) excerpt += chunk;
      });
      response.on("end", () => {
        clearTimeout(deadline);
        finish({
          statusCode: response.statusCode ?? null,
          excerpt: excerpt.slice(0, EXCERPT_CHARS),
          error: null,
        });
      });
      response.on("error", (error) => {
        clearTimeout(deadline);
        finish({
          statusCode: response.statusCode ?? null,
          excerpt: excerpt.slice(0, EXCERPT_CHARS),
          error: error.message,
        });
      });
    });
    request.end(input.body);
  });
}
