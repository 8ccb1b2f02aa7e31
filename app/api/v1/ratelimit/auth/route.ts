// GET /api/v1/ratelimit/auth: the check for nginx auth_request / Envoy ext_authz, tenant and IP from headers (see decision-http.ts).
import { apiKeyRoute } from "@/app/_server/route";
import { rateLimitResponse } from "@/app/_server/rate-limit-response";
import { authCheckRequest } from "@/lib/rate-limits/decision-http";
import { rateLimiter } from "@/lib/rate-limits/rate-limiter";

export const GET = apiKeyRoute("ratelimit:check", async (request) => {
  const { input, denyStatus } = authCheckRequest(
    (name) => request.headers.get(name) ?? undefined,
    new URL(request.url).searchParams,
  );
  return rateLimitResponse(await rateLimiter().check(input), denyStatus);
});
