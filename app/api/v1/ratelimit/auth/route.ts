// GET /api/v1/ratelimit/auth: the check for nginx auth_request / Envoy ext_authz, tenant and IP read from headers.
// X-Steward-Tenant (slug), X-Steward-Client-Ip (else X-Real-IP), optional X-Steward-Cost.
// Denials answer 429; nginx auth_request only understands 401/403, so it asks with ?deny_status=403.
import { apiKeyRoute } from "@/app/_server/route";
import { rateLimitResponse } from "@/app/_server/rate-limit-response";
import { rateLimiter } from "@/lib/rate-limits/rate-limiter";

export const GET = apiKeyRoute("ratelimit:check", async (request) => {
  const header = (name: string) => request.headers.get(name) ?? undefined;
  const decision = await rateLimiter().check({
    tenant: header("x-steward-tenant"),
    ip: header("x-steward-client-ip") ?? header("x-real-ip"),
    cost: header("x-steward-cost"),
  });
  return rateLimitResponse(decision, new URL(request.url).searchParams.get("deny_status") === "403" ? 403 : 429);
});
