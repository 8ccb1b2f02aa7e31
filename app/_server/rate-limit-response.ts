import { decisionToHttp } from "@/lib/rate-limits/decision-http";
import type { RateLimitDecision } from "@/lib/rate-limits/rate-limiter";

export function rateLimitResponse(decision: RateLimitDecision, denyStatus = 429): Response {
  const { status, headers, body } = decisionToHttp(decision, denyStatus);
  return Response.json(body, { status, headers });
}
