import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { clientIp } from "@/lib/auth/client-ip";
import { errorResponseBody } from "@/lib/error-response";
import { isAppError, type AppError } from "@/lib/errors";
import type { DecisionReason, RateLimitDecision, RateLimiter } from "./rate-limiter";

export type DecisionHttp = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

/** What X-Steward-Reason can say: the decision's reasons, and a request the auth variant could not read. */
export type GatewayReason = DecisionReason | "invalid_request";

/** The status every denial gets when a gateway asks for one (nginx: 403; it understands nothing else). */
export type DenyStatus = 403 | 429;

type Header = (name: string) => string | undefined;

/** Denials that waiting cures are 429 (with Retry-After when the wait is known); the rest are 403. */
const WAIT_AND_RETRY = new Set<GatewayReason>(["limit", "banned", "unavailable"]);

const denialStatus = (reason: GatewayReason, denyStatus?: DenyStatus) =>
  denyStatus ?? (WAIT_AND_RETRY.has(reason) ? 429 : 403);

/**
 * A decision as HTTP, the same from the Next.js routes and the decision server: 200 or the denial
 * status, the body, the RateLimit-* headers of the tightest window (IETF draft names, seconds for
 * Reset), Retry-After when waiting helps, and on a denial X-Steward-Reason for a gateway to map.
 */
export function decisionToHttp(decision: RateLimitDecision, denyStatus?: DenyStatus): DecisionHttp {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (decision.limit !== null) {
    headers["ratelimit-limit"] = String(decision.limit);
    headers["ratelimit-remaining"] = String(decision.remaining);
    headers["ratelimit-reset"] = String(decision.resetSeconds);
  }
  const extra = {
    ...(decision.shadowReason ? { shadowDenied: decision.shadowReason } : {}),
    ...(decision.degraded ? { degraded: true } : {}),
  };
  if (decision.allowed)
    return {
      status: 200,
      headers,
      body: { allowed: true, remaining: decision.remaining, reset: decision.resetSeconds, ...extra },
    };
  // A denial always has a reason; the fallback only keeps the header from ever being empty.
  const reason = decision.reason ?? "unavailable";
  headers["x-steward-reason"] = reason;
  if (decision.retryAfterSeconds !== null) headers["retry-after"] = String(decision.retryAfterSeconds);
  return {
    status: denialStatus(reason, denyStatus),
    headers,
    body: { allowed: false, reason, retryAfter: decision.retryAfterSeconds, ...extra },
  };
}

function errorToHttp(error: AppError, status = error.status): DecisionHttp {
  return { headers: { "cache-control": "no-store" }, ...errorResponseBody(error, {}), status };
}

const authenticate = (header: Header) =>
  authenticateApiKey(header("authorization") ?? null, "ratelimit:check", clientIp(header));

/**
 * POST /api/v1/ratelimit/check for both transports: 200, or a denial (429 when waiting helps, 403
 * otherwise), 400 for bad input, 401/403 for the key. Anything else failing (Postgres reading the
 * key, say) is answered by the failure mode, never a 500: a gateway asks on every request.
 */
export async function answerCheck(
  limiter: RateLimiter,
  request: { header: Header; readBody: () => Promise<unknown> },
): Promise<DecisionHttp> {
  try {
    await authenticate(request.header);
    return decisionToHttp(await limiter.check(await request.readBody()));
  } catch (error) {
    return isAppError(error) ? errorToHttp(error) : decisionToHttp(limiter.unavailable(error));
  }
}

/**
 * GET /api/v1/ratelimit/auth (any method, and any path below it, as Envoy's ext_authz appends the
 * client's) for nginx auth_request and Envoy ext_authz: tenant slug in X-Steward-Tenant, address in
 * X-Steward-Client-Ip (else X-Real-IP), optional X-Steward-Cost.
 *
 * It only ever answers 200, 401 (the key is missing, invalid or lacks ratelimit:check) or a denial,
 * because a gateway turns anything else into a 500 for its visitor. Denials are 429 or 403 by reason,
 * or all `?deny_status=403` (nginx only understands 401/403 from an auth subrequest); headers it
 * cannot read are the denial "invalid_request", an internal error the failure mode's answer.
 */
export async function answerAuth(
  limiter: RateLimiter,
  request: { header: Header; query: URLSearchParams },
): Promise<DecisionHttp> {
  const { header, query } = request;
  const asked = Number(query.get("deny_status"));
  const denyStatus = asked === 403 || asked === 429 ? asked : undefined;
  try {
    await authenticate(header);
  } catch (error) {
    if (isAppError(error)) return errorToHttp(error, 401);
    return decisionToHttp(limiter.unavailable(error), denyStatus);
  }
  try {
    const input = {
      tenant: header("x-steward-tenant"),
      ip: header("x-steward-client-ip") ?? header("x-real-ip"),
      cost: header("x-steward-cost"),
    };
    return decisionToHttp(await limiter.check(input), denyStatus);
  } catch (error) {
    if (!isAppError(error) || error.code !== "VALIDATION")
      return decisionToHttp(limiter.unavailable(error), denyStatus);
    return {
      status: denialStatus("invalid_request", denyStatus),
      headers: { "cache-control": "no-store", "x-steward-reason": "invalid_request" },
      body: { allowed: false, reason: "invalid_request", message: error.message, fields: error.fields ?? {} },
    };
  }
}
