import type { Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { reminderDays, reminderLabel } from "@/lib/billing/config";
import { formatMoney } from "@/lib/billing/format";
import { reminderKinds } from "@/lib/billing/schemas";
import type { BillingActivityKind, Plan, TenantStatus } from "@/lib/generated/prisma/enums";
import { basePriority } from "@/lib/review/intake/raise-items";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { pick, seededRandom, textSeed } from "../random";
import {
  BILLING_API,
  CANCEL_REASONS,
  CURRENCY,
  DAY,
  DUNNING,
  EXPIRY,
  EXTENSION_REASONS,
  HARD_DECLINES,
  HOUR,
  LATE_CONVERSION_SHARE,
  MINUTE,
  OWNER,
  PRICES,
  RECOVERED_SHARE,
  RECOVERED_THIS_MONTH,
  REMINDERS,
  SOFT_DECLINES,
  TRIAL_DAYS,
  type DemoTenant,
  type PaymentRow,
  type Rows,
  type TenantUpdate,
  type TrialRow,
} from "./billing-rows";
import { addMonths, wallClock, zonedInstant } from "./zoned-time";

/** One tenant's billing story, told to match the status seed-demo gave it. */
export class TenantHistory {
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
    this.random = seededRandom(textSeed(tenant.slug));
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
