// A webhook receiver as a platform would write one: a real HTTP server that verifies every delivery
// with the `standardwebhooks` package (an implementation Steward did not write).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; tenant_id: string | null; version: number; data: Record<string, unknown> };
  verified: boolean;
  at: number;
};

export type Answer = { status: number; delayMs?: number; body?: string };
export type AnswerFn = (request: { id: string; count: number }) => Answer;

/**
 * Listens on a free loopback port. `secrets` are tried in turn (any one verifying is enough);
 * `answer` decides each response (default 200), e.g. to fail a few times or be slow.
 */
export async function startWebhookReceiver(options: { secrets?: () => string[]; answer?: AnswerFn } = {}) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = {
      "webhook-id": String(request.headers["webhook-id"]),
      "webhook-timestamp": String(request.headers["webhook-timestamp"]),
      "webhook-signature": String(request.headers["webhook-signature"]),
    };
    const verified = (options.secrets?.() ?? []).some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const count = (seen.get(headers["webhook-id"]) ?? 0) + 1;
    seen.set(headers["webhook-id"], count);
    const answer = options.answer?.({ id: headers["webhook-id"], count }) ?? { status: 200 };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.status >= 200 && answer.status < 300)
      received.push({
        id: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        signature: headers["webhook-signature"],
        body,
        payload: JSON.parse(body),
        verified,
        at: Date.now(),
      });
    response.writeHead(answer.status, { "content-type": "text/plain" });
    response.end(answer.body ?? (answer.status < 300 ? "ok" : "receiver error"));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    /** Deliveries answered 2xx, in the order they arrived. */
    received,
    /** Requests per webhook-id, answered or not. */
    attemptsOf: (id: string) => seen.get(id) ?? 0,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
