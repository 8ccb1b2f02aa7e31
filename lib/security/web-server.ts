import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { stampClientAddress, type TrustedProxies } from "@/lib/auth/trusted-proxies";

/**
 * The HTTP server in front of Next.js: Next.js keeps whatever X-Forwarded-For a client sends, so
 * the client address is worked out here, from the socket and the trusted proxies, before Next.js
 * (sign-in limits, the audit log, API key use) can read a header.
 */
export function createWebServer(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  trusted: TrustedProxies,
): Server {
  return createServer((request, response) => {
    stampClientAddress(request, trusted);
    void handle(request, response);
  });
}
