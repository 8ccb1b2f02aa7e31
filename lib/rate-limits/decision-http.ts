import type { RateLimitDecision } from "./rate-limiter";

export type DecisionHttp = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

/**
 * A decision as HTTP, the same from the Next.js routes and the decision server: 200 or
 * `denyStatus`, the body, the RateLimit-* headers of the tightest window (IETF draft names,
 * seconds for Reset) and Retry-After when waiting helps.
 */
export function decisionToHttp(decision: RateLimitDecision, denyStatus = 429): DecisionHttp {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (decision.limit !== null) {
    headers["ratelimit-limit"] = String(decision.limit);
    headers["ratelimit-remaining"] = String(decision.remaining);
    headers["ratelimit-reset"] = String(decision.resetSeconds);
  }
  if (!decision.allowed && decision.retryAfterSeconds !== null)
    headers["retry-after"] = String(decision.retryAfterSeconds);
  const extra = {
    ...(decision.shadowReason ? { shadowDenied: decision.shadowReason } : {}),
    ...(decision.degraded ? { degraded: true } : {}),
  };
  const body = decision.allowed
    ? { allowed: true, remaining: decision.remaining, reset: decision.resetSeconds, ...extra }
    : { allowed: false, reason: decision.reason, retryAfter: decision.retryAfterSeconds, ...extra };
  return { status: decision.allowed ? 200 : denyStatus, headers, body };
}

/**
 * The auth variant's input, for nginx auth_request / Envoy ext_authz: X-Steward-Tenant (slug),
 * X-Steward-Client-Ip (else X-Real-IP), optional X-Steward-Cost. nginx only understands 401/403
 * from an auth subrequest, so it asks with ?deny_status=403; denials are 429 otherwise.
 */
export function authCheckRequest(header: (name: string) => string | undefined, query: URLSearchParams) {
  return {
    input: {
      tenant: header("x-steward-tenant"),
      ip: header("x-steward-client-ip") ?? header("x-real-ip"),
      cost: header("x-steward-cost"),
    },
    denyStatus: query.get("deny_status") === "403" ? 403 : 429,
  };
}
