import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { verifySignature } from "@/lib/billing/signature";

export type RunningBillingEndpoint = { url: string; secret: string; stop(): Promise<void> };

/**
 * Stands in for the platform's billing system when `npm run dev` has none configured, so dunning
 * runs end to end on the demo data: it checks each retry's signature and answers about half of
 * them "succeeded" (decided by the attempt's idempotency key, so a re-delivery gets the same answer).
 */
export async function startDemoBillingEndpoint(port: number): Promise<RunningBillingEndpoint> {
  const secret = randomBytes(24).toString("base64url");
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    try {
      verifySignature(secret, body, (name) => (request.headers[name] as string | undefined) ?? null);
    } catch (error) {
      return response
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: (error as Error).message }));
    }
    const { idempotency_key: key } = JSON.parse(body) as { idempotency_key: string };
    const succeeds = createHash("sha256").update(key).digest()[0] < 128;
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(
        JSON.stringify(
          succeeds ? { status: "succeeded" } : { status: "failed", failure_code: "insufficient_funds" },
        ),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/retry`,
    secret,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
