import type { ApiOperation } from "../types";
import { apiDescriptionOperations } from "./api-description";
import { billingOperations } from "./billing";
import { entitlementOperations } from "./entitlements";
import { metricOperations } from "./metrics";
import { paymentIssueOperations } from "./payment-issues";
import { rateLimitOperations } from "./rate-limits";
import { tenantOperations } from "./tenants";

/** Every operation under /api/v1, in the order the reference shows them. */
export function apiOperations(now: Date): ApiOperation[] {
  return [
    ...tenantOperations,
    ...entitlementOperations,
    ...billingOperations,
    ...metricOperations(now),
    ...paymentIssueOperations,
    ...rateLimitOperations,
    ...apiDescriptionOperations,
  ];
}

/** The tags in that order, with what each covers. */
export const API_TAGS = [
  {
    name: "Tenants",
    description: "Sync tenants in from your platform: create, upsert by your id, patch, import.",
  },
  { name: "Billing", description: "Your billing system's events: trials, payments, cancellations." },
  { name: "Metrics", description: "Per-tenant metrics for anomaly detection." },
  { name: "Payment issues", description: "Declines, missed installments, disputes and refunds for review." },
  { name: "Rate limits", description: "Decisions for your gateway or app: may this request pass?" },
  { name: "API description", description: "This document." },
  { name: "Webhooks", description: "Events Steward sends to your endpoints (Settings > Webhooks)." },
];
