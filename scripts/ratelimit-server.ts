// npm run ratelimit:serve: the rate-limit decision endpoints on their own port (RATE_LIMIT_PORT,
// default 3001), for gateways asking on every request; see lib/rate-limits/decision-server.ts.
// Stops on SIGTERM/SIGINT after the requests in flight.
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createDecisionServer } from "@/lib/rate-limits/decision-server";
import { rulesFollowed } from "@/lib/rate-limits/rate-limiter";

// How long start-up waits to be subscribed to rule and status changes before it serves anyway
// (Redis down: decisions follow the failure mode, and rules refresh once it is back).
const SUBSCRIBE_WAIT_MS = 5_000;

const port = env().RATE_LIMIT_PORT;
const server = createDecisionServer();
// Take traffic only once changes are followed, so a suspension made after start-up is never missed.
await Promise.race([rulesFollowed(), new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS))]);
server.listen(port, () => logger.info({ port }, "rate-limit decision server listening"));

function stop(signal: string) {
  logger.info({ signal }, "rate-limit decision server stopping");
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Keep-alive connections of a busy gateway would hold close() open; give them a moment.
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
