// GET /api/v1/ratelimit/auth: the check for nginx auth_request / Envoy ext_authz, tenant and IP from headers; only 200, 401 or a denial (see decision-http.ts).
import { decisionRoute } from "@/app/_server/rate-limit-response";
import { answerAuth } from "@/lib/rate-limits/decision-http";
import { rateLimiter } from "@/lib/rate-limits/rate-limiter";

const handler = decisionRoute("/api/v1/ratelimit/auth", (request, header) =>
  answerAuth(rateLimiter(), { header, query: new URL(request.url).searchParams }),
);

// Envoy's ext_authz asks with the client's own method (HEAD is answered from GET).
export {
  handler as GET,
  handler as POST,
  handler as PUT,
  handler as PATCH,
  handler as DELETE,
  handler as OPTIONS,
};
