// Rows as events carry them: the resource's current state in the catalogue's wire names.
import type {
  Anomaly,
  Payment,
  ReviewDecision,
  ReviewItem,
  Tenant,
  TenantDocument,
  Trial,
} from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/utc-day";

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function tenantState(tenant: Tenant) {
  return {
    id: tenant.id,
    external_id: tenant.externalId,
    slug: tenant.slug,
    name: tenant.name,
    plan: tenant.plan,
    status: tenant.status,
    status_reason: tenant.statusReason,
    timezone: tenant.timezone,
    created_at: tenant.createdAt.toISOString(),
    updated_at: tenant.updatedAt.toISOString(),
  };
}

export function tenantRef(tenant: Pick<Tenant, "id" | "externalId" | "slug">) {
  return { id: tenant.id, external_id: tenant.externalId, slug: tenant.slug };
}

export function trialState(trial: Trial) {
  return {
    id: trial.id,
    plan: trial.plan,
    status: trial.status,
    started_at: trial.startedAt.toISOString(),
    ends_at: trial.endsAt.toISOString(),
    converted_at: iso(trial.convertedAt),
    ended_at: iso(trial.endedAt),
  };
}

export function paymentState(payment: Payment) {
  return {
    id: payment.id,
    amount: payment.amountMinor,
    currency: payment.currency,
    status: payment.status,
    attempts: payment.attemptCount,
    provider_reference: payment.providerReference,
    failure_code: payment.failureCode,
    next_retry_at: iso(payment.nextRetryAt),
    settled_at: iso(payment.settledAt),
  };
}

export function anomalyState(
  anomaly: Pick<
    Anomaly,
    "id" | "status" | "severity" | "value" | "z" | "firstBucket" | "lastBucket" | "closedAt"
  >,
  metricKey: string,
) {
  return {
    id: anomaly.id,
    metric: metricKey,
    status: anomaly.status,
    severity: anomaly.severity,
    value: anomaly.value,
    z: anomaly.z,
    first_bucket: anomaly.firstBucket.toISOString(),
    last_bucket: anomaly.lastBucket.toISOString(),
    closed_at: iso(anomaly.closedAt),
  };
}

export function documentState(
  document: Pick<
    TenantDocument,
    "id" | "type" | "customType" | "title" | "required" | "status" | "expiresOn"
  >,
  today: Date,
) {
  return {
    id: document.id,
    type: document.customType ?? document.type,
    title: document.title,
    required: document.required,
    status: document.status,
    expires_on: isoDay(document.expiresOn),
    days_left: Math.round((document.expiresOn.getTime() - today.getTime()) / 86_400_000),
  };
}

/** A review item with its standing decision (the latest not reversed by a reopen), if it has one. */
export function reviewItemState(
  item: Pick<
    ReviewItem,
    "id" | "kind" | "status" | "priority" | "dueAt" | "engine" | "recommendedAction" | "confidence"
  >,
  decision: Pick<
    ReviewDecision,
    "verdict" | "action" | "decidedAt" | "executionStatus" | "executionDetail"
  > | null,
) {
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    priority: item.priority,
    due_at: iso(item.dueAt),
    recommendation:
      item.engine && item.recommendedAction && item.confidence !== null
        ? { engine: item.engine, action: item.recommendedAction, confidence: item.confidence }
        : null,
    decision: decision && {
      verdict: decision.verdict,
      action: decision.action,
      automatic: decision.verdict === "auto_executed",
      decided_at: decision.decidedAt.toISOString(),
    },
    execution:
      decision?.executionStatus != null
        ? { status: decision.executionStatus, detail: decision.executionDetail }
        : null,
  };
}
