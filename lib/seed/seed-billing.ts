import { db, type Prisma } from "@/lib/db";
import { emailDigest } from "@/lib/crypto/pii";
import { env } from "@/lib/env";
import { reminderDays, reminderLabel } from "@/lib/billing/config";
import { formatMoney } from "@/lib/billing/format";
import { reminderKinds } from "@/lib/billing/schemas";
import type {
  BillingActivityKind,
  PaymentStatus,
  Plan,
  TenantStatus,
  TrialStatus,
} from "@/lib/generated/prisma/enums";
import { basePriority } from "@/lib/review/intake/raise-items";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { pick, seededRandom } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TRIAL_DAYS = 14;
const CURRENCY = "EUR";
/** Monthly prices in cents; a free-plan tenant trials (and pays for) starter. */
const PRICES: Record<Exclude<Plan, "free">, number> = { starter: 2900, pro: 9900, enterprise: 49900 };

// Who did what, as the timeline shows it: the platform's billing system reports trials, payments
// and cancellations through its API key; the sweeps and dunning are Steward's own processes.
const BILLING_API = "api-key:billing";
const REMINDERS = "system:trial-reminders";
const EXPIRY = "system:trial-expiry";
const DUNNING = "system:dunning";
/** The demo owner (DEMO_USERS in seed-demo.ts), who extends a few trials by hand. */
const OWNER = "owner@steward.local";

const SOFT_DECLINES = [
  "insufficient_funds",
  "card_declined",
  "expired_card",
  "do_not_honor",
  "processing_error",
];
/** Codes in HARD_DECLINE_CODES (lib/billing/config.ts): dunning gives up on them at once. */
const HARD_DECLINES = ["stolen_card", "fraudulent", "account_closed"];
const EXTENSION_REASONS = [
  "Evaluating with their finance team",
  "Onboarding call moved to next week",
  "Migrating data from their old tool",
];
const CANCEL_REASONS = ["Chose another tool", "Project ended", "Too expensive for now", undefined];

/** Share of conversions that came after the trial had expired (the payment lifts the suspension). */
const LATE_CONVERSION_SHARE = 0.1;
/** Share of renewals that failed at first and were collected by a dunning retry. */
const RECOVERED_SHARE = 0.08;
/** Recoveries made sure of in the current month, so "recovered this month" shows money once renewals fell due. */
const RECOVERED_THIS_MONTH = 3;

type DemoTenant = {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  status: TenantStatus;
  timezone: string;
  createdAt: Date;
};
type TrialRow = {
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
type PaymentRow = {
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
type TenantUpdate = {
  id: string;
  reason: string;
  at: Date;
  before: TenantStatus | null;
  billingSuspended: boolean;
};

/** Everything the seed writes, collected first so each table gets one bulk insert. */
type Rows = {
  trials: TrialRow[];
  payments: PaymentRow[];
  activities: Prisma.BillingActivityCreateManyInput[];
  reviewItems: Prisma.ReviewItemCreateManyInput[];
  tenants: TenantUpdate[];
  monthStart: Date;
  recoveredThisMonth: number;
};

/** FNV-1a: a tenant's history depends on its slug only, not on which other tenants are seeded. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The same day of month `months` later (the 31st becomes the month's last day), in UTC. */
function addMonths(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return target;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields (month 0-based) `at` shows in `timeZone`. */
function wallClock(at: Date, timeZone: string) {
  let clock = clocks.get(timeZone);
  if (!clock)
    clocks.set(
      timeZone,
      (clock = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      })),
    );
  const part = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return {
    year: part.year,
    month: part.month - 1,
    day: part.day,
    hour: part.hour,
    minute: part.minute,
    second: part.second,
  };
}

/** The instant at which the clock in `timeZone` shows day `day` of the month at `hour`:00 (days may overflow). */
function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month, day, hour);
  const offsetAt = (t: number) => {
    const c = wallClock(new Date(t), timeZone);
    return Date.UTC(c.year, c.month, c.day, c.hour, c.minute, c.second) - Math.floor(t / 1000) * 1000;
  };
  // Second pass: the offset at the answer, not at the guess, in case a DST change lies between.
  return new Date(wanted - offsetAt(wanted - offsetAt(wanted)));
}

/** One tenant's billing story, told to match the status seed-demo gave it. */
class TenantHistory {
  private readonly random: () => number;
  private readonly plan: Exclude<Plan, "free">;
  private readonly money: string;
  private charges = 0;
  private last: TenantUpdate | null = null;

  constructor(
    private readonly rows: Rows,
    private readonly tenant: DemoTenant,
    private readonly now: Date,
  ) {
    this.random = seededRandom(hash(tenant.slug));
    this.plan = tenant.plan === "free" ? "starter" : tenant.plan;
    this.money = formatMoney(PRICES[this.plan], CURRENCY);
  }

  write(): void {
    this[this.tenant.status]();
    if (this.last) this.rows.tenants.push(this.last);
  }

  /** An active trial: from sign-up when that was under 14 days ago, else started lately (a few extended). */
  private trialing(): void {
    const { createdAt } = this.tenant;
    let startedAt = createdAt;
    let extendedDays = 0;
    if (this.now.getTime() - createdAt.getTime() >= TRIAL_DAYS * DAY) {
      extendedDays = this.random() < 0.25 ? pick(this.random, [7, 14]) : 0;
      startedAt = this.ago((0.5 + this.random() * (TRIAL_DAYS - 1 + extendedDays)) * DAY);
    }
    const trial = this.startTrial(startedAt);
    if (extendedDays > 0) this.extend(trial, extendedDays);
    this.remind(trial, this.now);
  }

  /** Converted by a first payment (a few only after the trial had expired), then paid monthly. */
  private active(): void {
    const convertedAt = this.convert(this.startTrial(this.tenant.createdAt));
    for (const at of this.renewals(convertedAt, this.now)) this.renew(at);
  }

  /** Paying until the latest charge failed within the last day; dunning retries it soon. */
  private past_due(): void {
    const hours = env().DUNNING_RETRY_HOURS;
    const attempts = 1 + Math.floor(this.random() * hours.length);
    // Retry `attempts` is due at hours[attempts - 1] after the first failure, and must still be ahead.
    const sinceFailure =
      ((hours[attempts - 2] ?? 0) +
        (0.1 + this.random() * 0.8) * (hours[attempts - 1] - (hours[attempts - 2] ?? 0))) *
      HOUR;
    const firstFailedAt = this.ago(sinceFailure);
    const convertedAt = this.convert(
      this.startTrial(this.tenant.createdAt),
      new Date(firstFailedAt.getTime() - DAY),
    );
    for (const at of this.renewals(convertedAt, new Date(firstFailedAt.getTime() - DAY))) this.renew(at);
    const payment = this.payment(firstFailedAt, {
      status: "retrying",
      attemptCount: attempts,
      settledAt: null,
      failureCode: pick(this.random, SOFT_DECLINES),
    });
    payment.nextRetryAt = new Date(firstFailedAt.getTime() + hours[attempts - 1] * HOUR);
    this.failures(payment, attempts);
  }

  /** Mostly a trial that expired unpaid; otherwise a customer whose renewal dunning could not collect. */
  private suspended(): void {
    const trial = this.startTrial(this.tenant.createdAt);
    const convertedAt = this.random() < 0.35 ? this.conversionTime(trial, this.now) : null;
    const renewals = convertedAt ? this.renewals(convertedAt, this.ago(8 * HOUR)) : [];
    if (!convertedAt || renewals.length === 0) {
      this.remind(trial, trial.endsAt);
      this.expire(trial);
      return;
    }
    this.convert(trial, undefined, convertedAt);
    const failing = Math.floor(this.random() * renewals.length);
    for (const at of renewals.slice(0, failing)) this.renew(at);
    const hard = this.random() < 0.2;
    const attemptCount = hard ? 1 : env().DUNNING_RETRY_HOURS.length + 1;
    const payment = this.payment(renewals[failing], {
      status: "failed",
      attemptCount,
      failureCode: pick(this.random, hard ? HARD_DECLINES : SOFT_DECLINES),
    });
    this.failures(payment, attemptCount);
    this.giveUp(payment, hard);
  }

  /** The trial was cancelled part-way, with the subscription. */
  private cancelled(): void {
    const trial = this.startTrial(this.tenant.createdAt);
    const at = new Date(
      Math.min(trial.startedAt.getTime() + (1 + this.random() * 12) * DAY, this.now.getTime() - HOUR),
    );
    this.remind(trial, at);
    const why = pick(this.random, CANCEL_REASONS);
    const reason = why ? `Subscription cancelled: ${why}` : "Subscription cancelled";
    Object.assign(trial, { status: "cancelled", endedAt: at });
    this.activity("trial_cancelled", at, reason, BILLING_API, { trialId: trial.id });
    this.statusChange("trialing", "cancelled", reason, at, BILLING_API, { trialId: trial.id });
  }

  private startTrial(startedAt: Date): TrialRow {
    const endsAt = new Date(startedAt.getTime() + TRIAL_DAYS * DAY);
    const trial: TrialRow = {
      id: `demo-trial-${this.tenant.slug}`,
      tenantId: this.tenant.id,
      plan: this.plan,
      status: "active",
      startedAt,
      endsAt,
      originalEndsAt: endsAt,
      createdAt: startedAt,
    };
    this.rows.trials.push(trial);
    this.activity("trial_started", startedAt, `${TRIAL_DAYS}-day ${this.plan} trial started`, BILLING_API, {
      trialId: trial.id,
      details: { plan: this.plan, days: TRIAL_DAYS },
    });
    return trial;
  }

  /** An owner's extension, early in the trial (before any reminder was due). */
  private extend(trial: TrialRow, days: number): void {
    const at = new Date(
      Math.min(trial.startedAt.getTime() + (1 + this.random() * 4) * DAY, this.now.getTime() - HOUR),
    );
    const endsAt = new Date(trial.endsAt.getTime() + days * DAY);
    const reason = pick(this.random, EXTENSION_REASONS);
    const details = {
      days,
      reason,
      previousEndsAt: trial.endsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    };
    Object.assign(trial, { endsAt, extendedDays: days });
    this.activity("trial_extended", at, `Extended by ${days} days: ${reason}`, OWNER, {
      trialId: trial.id,
      details,
    });
  }

  /**
   * The reminders the hourly sweep (5 past each hour) sent before `until`: each is due at
   * TRIAL_REMINDER_HOUR on its day in the tenant's time zone, exactly as lib/billing/trial-sweeps.ts
   * decides, so the sweep finds none of them due again.
   */
  private remind(trial: TrialRow, until: Date): void {
    const end = wallClock(trial.endsAt, this.tenant.timezone);
    for (const kind of reminderKinds) {
      const dueAt = zonedInstant(
        end.year,
        end.month,
        end.day - reminderDays(kind),
        env().TRIAL_REMINDER_HOUR,
        this.tenant.timezone,
      );
      if (dueAt < trial.startedAt || dueAt > until) continue;
      const sentAt = new Date(Math.min(dueAt.getTime() + 5 * MINUTE, until.getTime()));
      this.activity("trial_reminder_sent", sentAt, `Reminder sent: trial ${reminderLabel(kind)}`, REMINDERS, {
        trialId: trial.id,
        details: { kind },
        dedupeKey: `trial:${trial.id}:reminder:${kind}`,
      });
    }
  }

  /** The expiry sweep ends the trial at its end and suspends the tenant, still on trial. */
  private expire(trial: TrialRow): void {
    const reason = "Trial ended without conversion";
    Object.assign(trial, { status: "expired", endedAt: trial.endsAt });
    // One timeline entry, as afterExpiry writes it.
    this.activity("trial_expired", trial.endsAt, `${reason}; tenant suspended`, EXPIRY, {
      trialId: trial.id,
      details: { tenantSuspended: true },
    });
    this.statusChange(
      "trialing",
      "suspended",
      reason,
      trial.endsAt,
      EXPIRY,
      { trialId: trial.id },
      { toldOnTimeline: true },
    );
  }

  /** When the first payment came: mostly within the trial, one in ten up to two days after it; before `latest`. */
  private conversionTime(trial: TrialRow, latest: Date): Date {
    const offset =
      this.random() < LATE_CONVERSION_SHARE
        ? (TRIAL_DAYS + this.random() * 2) * DAY
        : HOUR + this.random() * (TRIAL_DAYS * DAY - 2 * HOUR);
    return new Date(Math.min(trial.startedAt.getTime() + offset, latest.getTime() - HOUR));
  }

  /** The first payment converts the trial (a late one finds it expired and lifts the suspension). */
  private convert(trial: TrialRow, latest = this.now, at = this.conversionTime(trial, latest)): Date {
    const late = at > trial.endsAt;
    this.remind(trial, at);
    if (late) this.expire(trial);
    Object.assign(trial, { status: "converted", convertedAt: at });
    const payment = this.payment(at, { trialId: trial.id });
    this.activity("payment_succeeded", at, `Payment of ${this.money} succeeded`, BILLING_API, {
      trialId: trial.id,
      paymentId: payment.id,
    });
    this.activity("trial_converted", at, `Trial converted by the payment of ${this.money}`, BILLING_API, {
      trialId: trial.id,
      details: { from: late ? "expired" : "active" },
    });
    this.statusChange(
      late ? "suspended" : "trialing",
      "active",
      `Payment of ${this.money} received`,
      at,
      BILLING_API,
      { trialId: trial.id, paymentId: payment.id },
    );
    return at;
  }

  /** Monthly charges after the first payment, up to `until`. */
  private renewals(convertedAt: Date, until: Date): Date[] {
    const dates = [];
    for (let at = addMonths(convertedAt, 1), n = 2; at <= until; at = addMonths(convertedAt, n++))
      dates.push(at);
    return dates;
  }

  /** A renewal: paid at once, or (now and then) failed first and collected by a dunning retry. */
  private renew(at: Date): void {
    const hours = env().DUNNING_RETRY_HOURS;
    const thisMonth = at >= this.rows.monthStart && this.rows.recoveredThisMonth < RECOVERED_THIS_MONTH;
    let retries = 1 + Math.floor(this.random() * hours.length);
    if (!thisMonth && this.random() >= RECOVERED_SHARE) retries = 0;
    while (retries > 0 && at.getTime() + hours[retries - 1] * HOUR > this.now.getTime()) retries--;
    if (retries === 0) {
      const payment = this.payment(at, {});
      this.activity("payment_succeeded", at, `Payment of ${this.money} succeeded`, BILLING_API, {
        paymentId: payment.id,
      });
      return;
    }
    const settledAt = new Date(at.getTime() + hours[retries - 1] * HOUR);
    const payment = this.payment(at, {
      status: "recovered",
      attemptCount: retries + 1,
      settledAt,
      failureCode: pick(this.random, SOFT_DECLINES),
    });
    this.failures(payment, retries);
    this.activity("payment_recovered", settledAt, `Retry ${retries} recovered ${this.money}`, DUNNING, {
      paymentId: payment.id,
    });
    this.statusChange("past_due", "active", `Payment of ${this.money} received`, settledAt, DUNNING, {
      paymentId: payment.id,
    });
    if (settledAt >= this.rows.monthStart) this.rows.recoveredThisMonth++;
  }

  /**
   * The first `attempts` charge attempts of a payment, all failed: the first when it was charged,
   * the others when dunning retried it. The first failure makes the tenant past due, unless it is
   * a hard decline (that goes straight to suspension).
   */
  private failures(payment: PaymentRow, attempts: number): void {
    const hours = env().DUNNING_RETRY_HOURS;
    const firstFailedAt = payment.createdAt;
    const code = payment.failureCode!;
    payment.firstFailedAt = firstFailedAt;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const at =
        attempt === 1 ? firstFailedAt : new Date(firstFailedAt.getTime() + hours[attempt - 2] * HOUR);
      const summary =
        attempt === 1
          ? `Payment of ${this.money} failed: ${code}`
          : `Retry ${attempt - 1} of ${this.money} failed: ${code}`;
      this.activity(
        attempt === 1 ? "payment_failed" : "payment_retry_failed",
        at,
        summary,
        attempt === 1 ? BILLING_API : DUNNING,
        {
          paymentId: payment.id,
          details: { attempt, failureCode: code },
          dedupeKey: `payment:${payment.id}:attempt:${attempt}`,
        },
      );
    }
    if (!HARD_DECLINES.includes(code))
      this.statusChange(
        "active",
        "past_due",
        `Payment of ${this.money} failed; retrying (access kept meanwhile)`,
        firstFailedAt,
        BILLING_API,
        { paymentId: payment.id },
      );
  }

  /** Dunning stops: the payment fails for good, the tenant is suspended and a human reviews it. */
  private giveUp(payment: PaymentRow, hard: boolean): void {
    const hours = env().DUNNING_RETRY_HOURS;
    const code = payment.failureCode!;
    const at = new Date(payment.createdAt.getTime() + (hard ? 0 : hours[hours.length - 1] * HOUR));
    const why = hard
      ? `Hard decline (${code}): not retried`
      : `Still failing after ${payment.attemptCount} attempts (${code})`;
    payment.settledAt = at;
    this.activity("payment_abandoned", at, `Recovery of ${this.money} stopped: ${why}`, DUNNING, {
      paymentId: payment.id,
    });
    this.statusChange(
      hard ? "active" : "past_due",
      "suspended",
      `Payment of ${this.money} could not be collected`,
      at,
      DUNNING,
      { paymentId: payment.id },
    );
    this.rows.reviewItems.push({
      kind: "payment_recovery_failed",
      tenantId: this.tenant.id,
      source: "billing.dunning",
      summary: `${this.tenant.name}: ${this.money} could not be collected (${why})`,
      evidence: {
        paymentId: payment.id,
        providerReference: payment.providerReference,
        amountMinor: payment.amountMinor,
        currency: CURRENCY,
        attempts: payment.attemptCount,
        lastFailureCode: code,
        hardDecline: hard,
        tenantSuspended: true,
      },
      dedupeKey: `dunning:${payment.id}`,
      priority: basePriority("payment_recovery_failed", null),
      dueAt: new Date(at.getTime() + DEFAULT_REVIEW_SETTINGS.slaHours.payment_recovery_failed * 3_600_000),
      createdAt: at,
    });
  }

  /** A charge made at `at`; by default one paid at once. */
  private payment(at: Date, fields: Partial<PaymentRow>): PaymentRow {
    const n = ++this.charges;
    const payment: PaymentRow = {
      id: `demo-payment-${this.tenant.slug}-${n}`,
      tenantId: this.tenant.id,
      amountMinor: PRICES[this.plan],
      currency: CURRENCY,
      status: "succeeded",
      attemptCount: 1,
      providerReference: `demo_${this.tenant.slug}_${n}`,
      settledAt: at,
      createdAt: at,
      updatedAt: at,
      ...fields,
    };
    this.rows.payments.push(payment);
    return payment;
  }

  private activity(
    kind: BillingActivityKind,
    at: Date,
    summary: string,
    actorLabel: string,
    extra: Partial<Prisma.BillingActivityCreateManyInput> = {},
  ): void {
    this.rows.activities.push({
      tenantId: this.tenant.id,
      kind,
      summary,
      actorLabel,
      createdAt: at,
      ...extra,
    });
  }

  /** A status change (on the timeline unless the caller's entry tells of it); the last one is what the tenant row says about its status. */
  private statusChange(
    from: TenantStatus,
    to: TenantStatus,
    reason: string,
    at: Date,
    actorLabel: string,
    refs: { trialId?: string; paymentId?: string },
    options = { toldOnTimeline: false },
  ): void {
    if (!options.toldOnTimeline)
      this.activity("tenant_status_changed", at, `Tenant ${from} → ${to}: ${reason}`, actorLabel, {
        ...refs,
        details: { from, to },
      });
    const suspended = to === "suspended";
    this.last = {
      id: this.tenant.id,
      reason,
      at,
      before: suspended ? from : null,
      billingSuspended: suspended,
    };
  }

  private ago(ms: number): Date {
    return new Date(this.now.getTime() - ms);
  }
}

/**
 * Six months of billing for the demo tenants (those with seed-demo's contact email), matching the
 * status each was given: trials in every state, monthly payments, dunning that recovered, is
 * retrying or gave up (with its review item), and the timeline of all of it. Idempotent: tenants
 * that already have a trial are skipped, and every table gets one bulk insert in one transaction.
 */
export async function seedBillingHistory(
  now: Date,
): Promise<{ trials: number; payments: number; activities: number }> {
  const candidates = await db.tenant.findMany({
    where: { trials: { none: {} } },
    orderBy: { slug: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      plan: true,
      status: true,
      timezone: true,
      createdAt: true,
      contactEmailDigest: true,
    },
  });
  const tenants = candidates.filter(
    (t) => t.contactEmailDigest === emailDigest(`billing@${t.slug}.example`) && t.createdAt <= now,
  );
  const rows: Rows = {
    trials: [],
    payments: [],
    activities: [],
    reviewItems: [],
    tenants: [],
    monthStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    recoveredThisMonth: 0,
  };
  for (const tenant of tenants) new TenantHistory(rows, tenant, now).write();
  if (rows.trials.length === 0) return { trials: 0, payments: 0, activities: 0 };

  const updates = rows.tenants;
  await db.$transaction(
    async (tx) => {
      await tx.trial.createMany({ data: rows.trials });
      await tx.payment.createMany({ data: rows.payments });
      await tx.billingActivity.createMany({ data: rows.activities });
      await tx.reviewItem.createMany({ data: rows.reviewItems });
      // Timestamps as ISO strings: the columns are UTC `timestamp`s without a zone, as Prisma writes them.
      await tx.$executeRaw`
        UPDATE tenants t
        SET status_reason = u.reason, status_changed_at = u.changed_at, status_before_suspension = u.before::"TenantStatus",
            billing_suspended = u.billing_suspended, updated_at = ${now}
        FROM unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.reason)}::text[], ${updates.map((u) => u.at.toISOString())}::timestamp(3)[],
                    ${updates.map((u) => u.before)}::text[], ${updates.map((u) => u.billingSuspended)}::boolean[]) AS u(id, reason, changed_at, before, billing_suspended)
        WHERE t.id = u.id`;
    },
    { timeout: 60_000 },
  );
  return { trials: rows.trials.length, payments: rows.payments.length, activities: rows.activities.length };
}
