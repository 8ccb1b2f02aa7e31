import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { clientIp } from "@/lib/auth/client-ip";
import { AppError } from "@/lib/errors";
import { errorResponseBody } from "@/lib/error-response";
import { authCheckRequest, decisionToHttp, type DecisionHttp } from "./decision-http";
import { rateLimiter, type RateLimiter } from "./rate-limiter";

// A check body is a slug, an address and a number; anything near this size is not one.
const MAX_BODY_BYTES = 16 * 1024;

function send(response: ServerResponse, { status, headers, body }: DecisionHttp): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new AppError("VALIDATION", `The body must be at most ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("VALIDATION", "The body must be JSON.");
  }
}

/**
 * The decision endpoints on plain node:http, for gateways that ask on every request: the same
 * paths, authentication and answers as the Next.js routes, without the framework's per-request
 * work (a Next.js route handler tops out at a few hundred requests a second on 2 cores; see
 * bench/ratelimit.ts). `GET /health` answers while the process runs.
 */
export function createDecisionServer(limiter: RateLimiter = rateLimiter()): Server {
  return createServer(async (request, response) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const url = new URL(request.url ?? "/", "http://decision-server");
    try {
      const route = `${request.method} ${url.pathname}`;
      if (route === "GET /health")
        return send(response, { status: 200, headers: {}, body: { status: "ok" } });
      if (route !== "POST /api/v1/ratelimit/check" && route !== "GET /api/v1/ratelimit/auth")
        throw new AppError("NOT_FOUND", "Not found.");
      await authenticateApiKey(header("authorization") ?? null, "ratelimit:check", clientIp(header));
      if (request.method === "POST")
        return send(response, decisionToHttp(await limiter.check(await readJson(request))));
      const { input, denyStatus } = authCheckRequest(header, url.searchParams);
      send(response, decisionToHttp(await limiter.check(input), denyStatus));
    } catch (error) {
      send(response, { headers: {}, ...errorResponseBody(error, { path: url.pathname }) });
    }
  });
}
