import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { errorResponseBody } from "@/lib/error-response";
import { parseTrustedProxies, stampClientAddress } from "@/lib/auth/trusted-proxies";
import { answerAuth, answerCheck, type DecisionHttp } from "./decision-http";
import { rateLimiter, type RateLimiter } from "./rate-limiter";

// A check body is a slug, an address and a number; anything near this size is not one.
const MAX_BODY_BYTES = 16 * 1024;
// An oversized body is still read to its end (and dropped) up to this size, so the 413 reaches the
// client and its keep-alive connection stays in step; past it the connection is closed instead.
const MAX_DRAINED_BYTES = 1024 * 1024;

const tooLarge = () => new AppError("TOO_LARGE", `The body must be at most ${MAX_BODY_BYTES} bytes.`);

function send(response: ServerResponse, { status, headers, body }: DecisionHttp): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}

function readBody(request: IncomingMessage, response: ServerResponse): Promise<Buffer> {
  const refuseAndClose = () => {
    response.setHeader("connection", "close");
    return tooLarge();
  };
  if (Number(request.headers["content-length"] ?? 0) > MAX_DRAINED_BYTES)
    return Promise.reject(refuseAndClose());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAINED_BYTES) {
        request.pause();
        reject(refuseAndClose());
      }
    });
    request.on("end", () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

async function readJson(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const body = await readBody(request, response);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("VALIDATION", "The body must be JSON.");
  }
}

/** Envoy's ext_authz asks at this path followed by the client's own path. */
const AUTH_PATH = "/api/v1/ratelimit/auth";

/**
 * The decision endpoints on plain node:http, for gateways that ask on every request: the same
 * paths, authentication and answers as the Next.js routes, without the framework's per-request
 * work (a Next.js route handler tops out at a few hundred requests a second on 2 cores; see
 * bench/ratelimit.ts). `GET /health` answers while the process runs.
 */
export function createDecisionServer(limiter: RateLimiter = rateLimiter()): Server {
  const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  const server = createServer(async (request, response) => {
    stampClientAddress(request, trusted);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const url = new URL(request.url ?? "/", "http://decision-server");
    try {
      if (url.pathname === AUTH_PATH || url.pathname.startsWith(`${AUTH_PATH}/`))
        return send(response, await answerAuth(limiter, { header, query: url.searchParams }));
      const route = `${request.method} ${url.pathname}`;
      if (route === "POST /api/v1/ratelimit/check")
        return send(
          response,
          await answerCheck(limiter, { header, readBody: () => readJson(request, response) }),
        );
      if (route === "GET /health")
        return send(response, { status: 200, headers: {}, body: { status: "ok" } });
      throw new AppError("NOT_FOUND", "Not found.");
    } catch (error) {
      send(response, { headers: {}, ...errorResponseBody(error, { path: url.pathname }) });
    }
  });
  // Longer than a gateway's idle keep-alive (nginx: 60 s), so the gateway always closes an idle
  // connection first and never sends a request down one this end has just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
