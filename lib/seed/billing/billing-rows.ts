// What the billing seed writes and the constants its stories are told with.
import type { Prisma } from "@/lib/db";
import type { PaymentStatus, Plan, TenantStatus, TrialStatus } from "@/lib/generated/prisma/enums";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const TRIAL_DAYS = 14;
export const CURRENCY = "EUR";
/** Monthly prices in cents; a free-plan tenant trials (and pays for) starter. */
export const PRICES: Record<Exclude<Plan, "free">, number> = { starter: 2900, pro: 9900, enterprise: 49900 };

// Who did what, as the timeline shows it: the platform's billing system reports trials, payments
// and cancellations through its API key; the sweeps and dunning are Steward's own processes.
export const BILLING_API = "api-key:billing";
export const REMINDERS = "system:trial-reminders";
export const EXPIRY = "system:trial-expiry";
export const DUNNING = "system:dunning";
/** The demo owner (DEMO_USERS in seed-demo.ts), who extends a few trials by hand. */
export const OWNER = "owner@steward.local";

export const SOFT_DECLINES = [
  "insufficient_funds",
  "card_declined",
  "expired_card",
  "do_not_honor",
  "processing_error",
];
/** Codes in HARD_DECLINE_CODES (lib/billing/config.ts): dunning gives up on them at once. */
export const HARD_DECLINES = ["stolen_card", "fraudulent", "account_closed"];
export const EXTENSION_REASONS = [
  "Evaluating with their finance team",
  "Onboarding call moved to next week",
  "Migrating data from their old tool",
];
export const CANCEL_REASONS = ["Chose another tool", "Project ended", "Too expensive for now", undefined];

/** Share of conversions that came after the trial had expired (the payment lifts the suspension). */
export const LATE_CONVERSION_SHARE = 0.1;
/** Share of renewals that failed at first and were collected by a dunning retry. */
export const RECOVERED_SHARE = 0.08;
/** Recoveries made sure of in the current month, so "recovered this month" shows money once renewals fell due. */
export const RECOVERED_THIS_MONTH = 3;

export type DemoTenant = {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  status: TenantStatus;
  timezone: string;
  createdAt: Date;
};
export type TrialRow = {
  id: string;
  tenantId: string;
  plan: Plan;
  status: TrialStatus;
  startedAt: Date;
  endsAt: Date;
  originalEndsAt: Date;
  extendedDays?: number;
  convertedAt?: Date;
  endedAt?: Date;
  createdAt: Date;
};
export type PaymentRow = {
  id: string;
  tenantId: string;
  trialId?: string;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  attemptCount: number;
  firstFailedAt?: Date;
  nextRetryAt?: Date;
  providerReference: string;
  failureCode?: string;
  settledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};
export type TenantUpdate = {
  id: string;
  reason: string;
  at: Date;
  before: TenantStatus | null;
  billingSuspended: boolean;
};

/** Everything the seed writes, collected first so each table gets one bulk insert. */
export type Rows = {
  trials: TrialRow[];
  payments: PaymentRow[];
  activities: Prisma.BillingActivityCreateManyInput[];
  reviewItems: Prisma.ReviewItemCreateManyInput[];
  tenants: TenantUpdate[];
  monthStart: Date;
  recoveredThisMonth: number;
};
