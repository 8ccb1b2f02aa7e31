import { z } from "zod";
import { rateLimitCheckSchema } from "@/lib/rate-limits/schemas";
import { decisionAllowedSchema, decisionDeniedSchema, errorBodySchema } from "../response-schemas";
import type { ApiOperation, ResponseSpec } from "../types";

const TAG = "Rate limits";
const LIMIT_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];
const DENIAL_HEADERS = [...LIMIT_HEADERS, "Retry-After", "X-Steward-Reason"];

const allowed: ResponseSpec = {
  description: "Allowed. RateLimit-* describe the tightest window.",
  schema: decisionAllowedSchema,
  headers: LIMIT_HEADERS,
  example: { allowed: true, remaining: 118, reset: 42 },
};

const rateLimited: ResponseSpec = {
  description: "Denied, and waiting helps (limit, banned, unavailable): Retry-After says how long.",
  schema: decisionDeniedSchema,
  headers: DENIAL_HEADERS,
  example: { allowed: false, reason: "limit", retryAfter: 17 },
};

const STATUS_NOTE =
  "A suspended or cancelled tenant (GATEWAY_DENIED_STATUSES) is refused with its status as the reason, " +
  "and a slug no tenant has as `unknown_tenant` unless GATEWAY_UNKNOWN_TENANT=allow; a status change " +
  "reaches every decision process within a second. The same paths are served by the standalone " +
  "decision server (`npm run ratelimit:serve`).";

const checkOperation: ApiOperation = {
  methods: ["post"],
  path: "/api/v1/ratelimit/check",
  operationId: "checkRateLimit",
  tag: TAG,
  summary: "Decide whether a request may pass",
  description:
    "May `ip` call `tenant` now, spending `cost`? Counts the request when it passes. Denials that " +
    "waiting cures are 429, the rest 403; the reason is in the body and in X-Steward-Reason. " +
    STATUS_NOTE +
    " If Redis cannot answer in time, the failure mode (RATE_LIMIT_FAILURE_MODE) decides and the body " +
    "says `degraded: true`; this route never answers 500.",
  scope: "ratelimit:check",
  neverInternalError: true,
  body: {
    schema: rateLimitCheckSchema,
    example: { tenant: "acme-robotics", ip: "203.0.113.7", cost: 1 },
    fieldNotes: {
      tenant: "The tenant's slug.",
      ip: "The caller's IPv4 or IPv6 address.",
      cost: "How many requests this one counts as (default 1).",
    },
  },
  responses: {
    200: allowed,
    400: "ValidationError",
    401: "Unauthorized",
    403: {
      description:
        "Denied for a reason waiting does not cure (denylist, a refused tenant status, unknown_tenant), " +
        "or the API key lacks ratelimit:check (an error body).",
      schema: z.union([decisionDeniedSchema, errorBodySchema]),
      headers: DENIAL_HEADERS,
      example: { allowed: false, reason: "suspended", retryAfter: null },
    },
    429: rateLimited,
  },
};

const authOperation: ApiOperation = {
  methods: ["get", "post", "put", "patch", "delete", "options"],
  path: "/api/v1/ratelimit/auth",
  operationId: "authorizeRequest",
  tag: TAG,
  summary: "Gateway check (nginx auth_request, Envoy ext_authz)",
  description:
    "The check for a gateway: tenant and address from headers, any method (Envoy forwards the client's). " +
    "It answers only 200, 401 or a denial, because a gateway turns anything else into a 500 for its " +
    "visitor: unreadable headers are the denial `invalid_request`, an internal error the failure " +
    "mode's answer. nginx understands only 401/403 from an auth subrequest: ask with `?deny_status=403` " +
    "and map X-Steward-Reason to the visitor's answer (the README's snippet returns 429 with " +
    "Retry-After and RateLimit-*). " +
    STATUS_NOTE,
  scope: "ratelimit:check",
  neverInternalError: true,
  query: z.object({ deny_status: z.enum(["403", "429"]).optional() }),
  paramNotes: {
    deny_status: "Answer every denial with this status (default: 429 when waiting helps, else 403).",
  },
  headers: [
    {
      name: "X-Steward-Tenant",
      description: "The tenant's slug.",
      required: true,
      schema: rateLimitCheckSchema.shape.tenant,
      example: "acme-robotics",
    },
    {
      name: "X-Steward-Client-Ip",
      description: "The visitor's address (else X-Real-IP).",
      schema: z.string(),
      example: "203.0.113.7",
    },
    {
      name: "X-Real-IP",
      description: "The visitor's address, when X-Steward-Client-Ip is absent.",
      schema: z.string(),
    },
    {
      name: "X-Steward-Cost",
      description: "How many requests this one counts as (default 1).",
      schema: rateLimitCheckSchema.shape.cost,
    },
  ],
  responses: {
    200: allowed,
    401: {
      description: "No API key, one that is not valid, or one without ratelimit:check.",
      schema: errorBodySchema,
      example: { error: { code: "UNAUTHENTICATED", message: "This API key is not valid." } },
    },
    403: {
      description:
        "Denied (every denial with `?deny_status=403`), including `invalid_request` for headers it cannot read.",
      schema: decisionDeniedSchema,
      headers: DENIAL_HEADERS,
      example: { allowed: false, reason: "suspended", retryAfter: null },
    },
    429: rateLimited,
  },
};

/** The auth check answers below its path too: Envoy's ext_authz (path_prefix) appends the client's path. */
const authSubpathOperation: ApiOperation = {
  ...authOperation,
  path: "/api/v1/ratelimit/auth/{path}",
  operationId: "authorizeRequestSubpath",
  summary: "Gateway check, with the client's path appended (Envoy path_prefix)",
  description:
    "The same check as /api/v1/ratelimit/auth, where Envoy's ext_authz `path_prefix` asks: the client's " +
    "path (any number of segments) follows the prefix and is ignored.",
  pathParams: z.object({ path: z.string().min(1) }),
  paramNotes: { path: "The client's path as Envoy appends it; may contain slashes." },
};

export const rateLimitOperations = [checkOperation, authOperation, authSubpathOperation];
