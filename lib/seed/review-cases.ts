import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import {
  disputeReasons,
  type PaymentIssueEvidence,
  type PaymentIssueType,
} from "@/lib/review/intake/payment-issue-schemas";
import { paymentIssueSummary, type PaymentIssueBody } from "@/lib/review/intake/payment-issues";
import { scoreTenant, suspensionSummary } from "@/lib/review/intake/recommend-suspensions";
import type { ReviewSettings } from "@/lib/review/intake/settings";
import type { Factor } from "@/lib/review/recommendation";
import { pick, pickWeighted } from "./random";

// The demo review queue's cases: payment issues as the platform reports them, suspensions as the
// recommender raises them, and what waits for a person when the demo opens (review-story.ts decides them).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SOFT_DECLINES = [
  "insufficient_funds",
  "card_declined",
  "do_not_honor",
  "processing_error",
  "expired_card",
];
const HARD_DECLINES = ["stolen_card", "lost_card", "account_closed"];
const REFUND_REASONS = [
  "Bought the wrong plan",
  "Charged after cancelling",
  "The export feature did not work for us",
  "Double-charged this month",
  "Team moved to another tool",
];
const AMOUNTS = [900, 1900, 2900, 4900, 9900, 19900, 49900];
const CURRENCIES = { EUR: 70, USD: 20, GBP: 10 };

export type Random = () => number;
/** What raised an item, before a tenant is chosen for it. */
export type Raised = {
  kind: ReviewItemKind;
  createdAt: Date;
  evidence: Prisma.InputJsonObject;
  score?: number;
  factors?: Factor[];
};

export const ymd = (at: Date) => at.toISOString().slice(0, 10);
export const between = (random: Random, min: number, max: number) => min + random() * (max - min);
export const hex = (random: Random) =>
  Math.floor(random() * 2 ** 32)
    .toString(16)
    .padStart(8, "0");

/** One payment issue as the platform reports it (details as lib/review/intake/payment-issue-schemas.ts validates them); `shape` pins a scenario. */
export function paymentIssue(
  random: Random,
  type: PaymentIssueType,
  at: Date,
  shape: Record<string, string | number | boolean> = {},
): PaymentIssueEvidence {
  const money = { amount: pick(random, AMOUNTS), currency: pickWeighted(random, CURRENCIES) };
  const charge = { payment_reference: `ch_demo_${hex(random)}${hex(random)}`, ...money };
  const daysBefore = (days: number) => ymd(new Date(at.getTime() - days * DAY));
  let details: PaymentIssueEvidence["details"];
  if (type === "decline") {
    const roll = random();
    details = {
      ...charge,
      decline_code:
        roll < 0.1 ? "fraudulent" : roll < 0.3 ? pick(random, HARD_DECLINES) : pick(random, SOFT_DECLINES),
      attempt: 1 + Math.floor(random() * 4),
    };
  } else if (type === "missed_installment") {
    const overdue = (shape.overdueDays as number | undefined) ?? pick(random, [2, 4, 6, 9, 15, 24, 38]);
    details = {
      plan_reference: `plan_demo_${hex(random)}`,
      installment: 1 + Math.floor(random() * 11),
      ...money,
      due_date: daysBefore(overdue),
    };
  } else if (type === "dispute") {
    const dueBy =
      random() < 0.6
        ? { evidence_due_by: ymd(new Date(at.getTime() + (7 + Math.floor(random() * 14)) * DAY)) }
        : {};
    details = { ...charge, reason: pick(random, disputeReasons), ...dueBy };
  } else {
    const paidDaysAgo =
      (shape.paidDaysAgo as number | undefined) ?? pick(random, [2, 5, 9, 12, 19, 26, 34, 45]);
    const delivered = random() < 0.3 ? { service_delivered: random() < 0.5 } : {};
    details = {
      ...charge,
      paid_on: daysBefore(paidDaysAgo),
      reason: pick(random, REFUND_REASONS),
      ...delivered,
    };
  }
  const { overdueDays: _overdue, paidDaysAgo: _paid, ...pinned } = shape;
  return {
    type,
    details: { ...details, ...pinned },
    occurredAt: new Date(at.getTime() - Math.round(between(random, 2, 120)) * MINUTE).toISOString(),
  };
}

export type Signals = {
  unpaid: number;
  pastDue: boolean;
  bans: number;
  violations: number;
  anomalies: number;
  idleDays: number;
};

/** A suspension as the recommender raises it, scored by its own scoreTenant. */
export function raisedSuspension(
  signals: Signals,
  at: Date,
  settings: ReviewSettings,
): Raised & { score: number } {
  const lastActivityAt = new Date(at.getTime() - signals.idleDays * DAY - 3 * HOUR);
  const measured = {
    tenantId: "",
    name: "",
    status: signals.pastDue ? "past_due" : "active",
    lastActivityAt,
    unpaidPayments: signals.unpaid,
    activeBans: signals.bans,
    violations7d: signals.violations,
    criticalAnomalies: signals.anomalies,
  };
  const { score, factors } = scoreTenant(measured, settings.suspension, at);
  const evidence = {
    daysInactive: Math.floor((at.getTime() - lastActivityAt.getTime()) / DAY),
    lastActivityAt: lastActivityAt.toISOString(),
    unpaidPayments: signals.unpaid,
    pastDue: signals.pastDue,
    activeBans: signals.bans,
    violations7d: signals.violations,
    criticalAnomalies: signals.anomalies,
  };
  return { kind: "suspension", createdAt: at, evidence, score, factors };
}

export function randomSignals(random: Random): Signals {
  return {
    unpaid: Math.floor(random() * 3),
    pastDue: random() < 0.5,
    bans: random() < 0.5 ? Math.floor(random() * 5) : 0,
    violations: random() < 0.5 ? Math.floor(random() * 160) : 0,
    anomalies: random() < 0.35 ? 1 + Math.floor(random() * 2) : 0,
    idleDays: random() < 0.4 ? Math.floor(between(random, 14, 90)) : Math.floor(random() * 5),
  };
}

/** What waits for a person when the demo opens; `hoursAgo` past the kind's SLA makes an item overdue. */
export type Scenario = { hoursAgo: number; tenant: "past_due" | "active" } & (
  | { kind: "suspension"; signals: Signals }
  | { kind: PaymentIssueType; shape?: Record<string, string | number | boolean> }
);
export const QUEUE: Scenario[] = [
  // Unpaid and abusive: the engine recommends suspending, which only a person may approve.
  {
    kind: "suspension",
    hoursAgo: 3,
    tenant: "past_due",
    signals: { unpaid: 2, pastDue: true, bans: 3, violations: 60, anomalies: 2, idleDays: 0 },
  },
  // Unpaid with some abuse, a lower score: escalated to the owner.
  {
    kind: "suspension",
    hoursAgo: 30,
    tenant: "past_due",
    signals: { unpaid: 2, pastDue: true, bans: 2, violations: 30, anomalies: 0, idleDays: 2 },
  },
  {
    kind: "suspension",
    hoursAgo: 9,
    tenant: "past_due",
    signals: { unpaid: 2, pastDue: true, bans: 0, violations: 0, anomalies: 0, idleDays: 52 },
  },
  {
    kind: "suspension",
    hoursAgo: 55,
    tenant: "active",
    signals: { unpaid: 0, pastDue: false, bans: 4, violations: 120, anomalies: 2, idleDays: 30 },
  },
  { kind: "dispute", hoursAgo: 28, tenant: "active", shape: { reason: "fraudulent" } },
  { kind: "dispute", hoursAgo: 5, tenant: "active", shape: { reason: "duplicate" } },
  { kind: "dispute", hoursAgo: 50, tenant: "active", shape: { reason: "product_not_received" } },
  { kind: "decline", hoursAgo: 2, tenant: "active", shape: { decline_code: "fraudulent", attempt: 1 } },
  {
    kind: "decline",
    hoursAgo: 26,
    tenant: "past_due",
    shape: { decline_code: "insufficient_funds", attempt: 3 },
  },
  { kind: "decline", hoursAgo: 8, tenant: "active", shape: { decline_code: "stolen_card", attempt: 1 } },
  { kind: "missed_installment", hoursAgo: 20, tenant: "active", shape: { overdueDays: 12 } },
  { kind: "missed_installment", hoursAgo: 60, tenant: "active", shape: { overdueDays: 40 } },
  { kind: "refund_request", hoursAgo: 12, tenant: "active", shape: { paidDaysAgo: 20 } },
  {
    kind: "refund_request",
    hoursAgo: 40,
    tenant: "active",
    shape: { paidDaysAgo: 45, service_delivered: false },
  },
  {
    kind: "refund_request",
    hoursAgo: 80,
    tenant: "active",
    shape: { paidDaysAgo: 40, service_delivered: true, amount: 19900 },
  },
];

/**
 * Source, summary and dedupe key as the recommender or the payment-issues API writes them; `serial`
 * numbers the demo's idempotency keys.
 */
export function describeRaised(
  raised: Raised,
  tenant: Tenant,
  serial: string,
): { source: string; summary: string; dedupeKey: string; requestHash?: string } {
  if (raised.kind === "suspension") {
    return {
      source: "recommender.suspension",
      summary: suspensionSummary(tenant.name, raised.score!, raised.factors!),
      dedupeKey: `suspension:${tenant.id}:${ymd(raised.createdAt)}`,
    };
  }
  const evidence = raised.evidence as unknown as PaymentIssueEvidence;
  const key = `demo-${evidence.type.replaceAll("_", "-")}-${serial}`;
  const request = {
    idempotency_key: key,
    type: evidence.type,
    tenant: tenant.id,
    details: evidence.details,
    occurred_at: evidence.occurredAt ?? undefined,
  };
  return {
    source: "api.payment-issues",
    summary: paymentIssueSummary(tenant.name, evidence as unknown as PaymentIssueBody),
    dedupeKey: `payment-issue:${key}`,
    requestHash: createHash("sha256").update(JSON.stringify(request)).digest("hex"),
  };
}
