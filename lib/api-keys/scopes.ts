/** Every scope an API key can hold, with what it allows (shown when creating a key). */
export const API_KEY_SCOPES = {
  "tenants:read": "Read tenants through GET /api/v1/tenants and GET /api/v1/tenants/:id",
  "tenants:write":
    "Create, update, upsert (by the platform's external id) and bulk-import tenants through /api/v1/tenants",
  "ratelimit:check":
    "Ask for rate-limit decisions through /api/v1/ratelimit/check and /api/v1/ratelimit/auth",
  "billing:write": "Report trials, payments and cancellations through POST /api/v1/billing/events",
  "metrics:write":
    "Report tenant metrics (revenue, active users, error rate, …) through POST /api/v1/metrics for anomaly detection",
  "metrics:read": "Scrape Prometheus metrics (queues, jobs, emails, HTTP) from GET /api/metrics",
  "payment-issues:write":
    "Report declines, missed installments, disputes and refund requests for review through POST /api/v1/payment-issues",
  "payment-issues:read":
    "Read a payment issue's status, recommendation, decision and execution through GET /api/v1/payment-issues/:id",
} as const;

export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

/** Scopes outside Steward's own per-key API limit: rate-limit decisions are every gateway's hot path. */
export const SCOPES_WITHOUT_OWN_LIMIT: readonly ApiKeyScope[] = ["ratelimit:check"];

export const apiKeyScopeValues = Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]];
