import type { RateLimitDecision } from "@/lib/rate-limits/rate-limiter";

/**
 * A decision as HTTP: 200 or `denyStatus`, the body, and the RateLimit-* headers of the
 * tightest window (IETF draft names, seconds for Reset) plus Retry-After when waiting helps.
 */
export function rateLimitResponse(decision: RateLimitDecision, denyStatus = 429): Response {
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (decision.limit !== null) {
    headers.set("RateLimit-Limit", String(decision.limit));
    headers.set("RateLimit-Remaining", String(decision.remaining));
    headers.set("RateLimit-Reset", String(decision.resetSeconds));
  }
  if (!decision.allowed && decision.retryAfterSeconds !== null) headers.set("Retry-After", String(decision.retryAfterSeconds));
  const extra = { ...(decision.shadowReason ? { shadowDenied: decision.shadowReason } : {}), ...(decision.degraded ? { degraded: true } : {}) };
  const body = decision.allowed
    ? { allowed: true, remaining: decision.remaining, reset: decision.resetSeconds, ...extra }
    : { allowed: false, reason: decision.reason, retryAfter: decision.retryAfterSeconds, ...extra };
  return Response.json(body, { status: decision.allowed ? 200 : denyStatus, headers });
}
