import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expireTrials, sendTrialReminders } from "@/lib/billing/trial-sweeps";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { seedBillingHistory } from "@/lib/seed/seed-billing";
import { seedDemo } from "@/lib/seed/seed-demo";

const DAY = 86_400_000;

async function billingCounts() {
  return [
    await db.trial.count(),
    await db.payment.count(),
    await db.billingActivity.count(),
    await db.reviewItem.count(),
  ];
}

/** What the seeded data must agree on, whatever `now` is: the tenants, their trials, payments and timeline. */
async function expectConsistentBilling(now: Date) {
  // Billing's own review items: the demo review history adds items of other kinds.
  const tenants = await db.tenant.findMany({
    include: { trials: true, payments: true, reviewItems: { where: { source: "billing.dunning" } } },
  });
  const byStatus = (status: string) => tenants.filter((t) => t.status === status);
  for (const status of ["trialing", "active", "past_due", "suspended", "cancelled"])
    expect(byStatus(status).length, status).toBeGreaterThan(0);
  expect(tenants.every((t) => t.trials.length === 1)).toBe(true);

  for (const t of byStatus("trialing")) {
    expect(t.trials[0], t.slug).toMatchObject({ status: "active" });
    expect(t.trials[0].endsAt > now, t.slug).toBe(true);
    expect(t.payments).toEqual([]);
  }
  const trialing = byStatus("trialing").map((t) => t.trials[0]);
  expect(
    trialing.filter((trial) => trial.endsAt.getTime() - now.getTime() <= 7 * DAY).length,
  ).toBeGreaterThan(0);
  expect(trialing.filter((trial) => trial.extendedDays > 0).length).toBeGreaterThan(0);
  expect(
    trialing
      .filter((trial) => trial.extendedDays > 0)
      .every((trial) => trial.endsAt.getTime() - trial.originalEndsAt.getTime() === trial.extendedDays * DAY),
  ).toBe(true);

  for (const t of byStatus("active")) {
    expect(t.trials[0].status, t.slug).toBe("converted");
    expect(t.payments.length, t.slug).toBeGreaterThan(0);
    expect(
      t.payments.every((p) => p.status === "succeeded" || p.status === "recovered"),
      t.slug,
    ).toBe(true);
    expect(t.billingSuspended).toBe(false);
  }
  // A payment after the trial's end finds it expired (the tenant suspended) and converts it anyway.
  const late = byStatus("active").filter((t) => t.trials[0].endedAt);
  expect(
    late.every(
      (t) =>
        t.trials[0].endedAt!.getTime() === t.trials[0].endsAt.getTime() &&
        t.trials[0].convertedAt! > t.trials[0].endsAt,
    ),
  ).toBe(true);
  for (const t of byStatus("past_due")) {
    expect(t.trials[0].status, t.slug).toBe("converted");
    const retrying = t.payments.filter((p) => p.status === "retrying");
    expect(retrying, t.slug).toHaveLength(1);
    expect(retrying[0].nextRetryAt! > now, t.slug).toBe(true);
    expect(retrying[0].firstFailedAt!.getTime(), t.slug).toBeGreaterThan(now.getTime() - DAY);
    expect([1, 2, 3]).toContain(retrying[0].attemptCount);
  }
  const suspended = byStatus("suspended");
  expect(suspended.every((t) => t.billingSuspended)).toBe(true);
  const expired = suspended.filter((t) => t.trials[0].status === "expired");
  const dunned = suspended.filter((t) => t.trials[0].status === "converted");
  expect(expired.length).toBeGreaterThan(dunned.length);
  expect(dunned.length).toBeGreaterThan(0);
  expect(expired.length + dunned.length).toBe(suspended.length);
  for (const t of expired) {
    expect(t.statusBeforeSuspension).toBe("trialing");
    expect(t.trials[0].endedAt).toEqual(t.trials[0].endsAt);
    expect(t.payments).toEqual([]);
  }
  for (const t of dunned) {
    const failed = t.payments.filter((p) => p.status === "failed");
    expect(failed, t.slug).toHaveLength(1);
    expect(t.reviewItems.map((r) => [r.kind, r.source, r.dedupeKey])).toEqual([
      ["payment_recovery_failed", "billing.dunning", `dunning:${failed[0].id}`],
    ]);
    expect(["past_due", "active"]).toContain(t.statusBeforeSuspension);
  }
  for (const t of byStatus("cancelled")) expect(t.trials[0].status, t.slug).toBe("cancelled");
  expect(
    tenants
      .filter((t) => t.status !== "past_due")
      .flatMap((t) => t.payments)
      .filter((p) => p.status === "retrying"),
  ).toEqual([]);
  expect(tenants.filter((t) => t.status !== "suspended").flatMap((t) => t.reviewItems)).toEqual([]);

  // The timeline: every trial started, every payment has its entries, nothing after `now`, and
  // each tenant's latest status change leads to the status it has.
  const activities = await db.billingActivity.findMany({ orderBy: [{ createdAt: "asc" }, { kind: "asc" }] });
  expect(activities.every((a) => a.createdAt <= now)).toBe(true);
  expect(new Set(activities.filter((a) => a.kind === "trial_started").map((a) => a.trialId)).size).toBe(
    tenants.length,
  );
  const withActivity = new Set(activities.map((a) => a.paymentId));
  expect(tenants.flatMap((t) => t.payments).every((p) => withActivity.has(p.id))).toBe(true);
  for (const kind of [
    "trial_reminder_sent",
    "trial_converted",
    "trial_expired",
    "payment_succeeded",
    "payment_failed",
    "payment_retry_failed",
    "payment_recovered",
    "payment_abandoned",
    "tenant_status_changed",
  ]) {
    expect(
      activities.some((a) => a.kind === kind),
      kind,
    ).toBe(true);
  }
  // An expiry that suspended the tenant tells of it in its own entry.
  const statusAfter = (a: (typeof activities)[number]) =>
    a.kind === "tenant_status_changed"
      ? (a.details as { to: string }).to
      : a.kind === "trial_expired" && (a.details as { tenantSuspended?: boolean } | null)?.tenantSuspended
        ? "suspended"
        : null;
  const lastChange = new Map(
    activities.flatMap((a) => (statusAfter(a) ? [[a.tenantId, statusAfter(a)!] as const] : [])),
  );
  for (const t of tenants) expect(lastChange.get(t.id) ?? "trialing", t.slug).toBe(t.status);

  // The sweeps agree that everything due has happened: no trial left to expire, no reminder to
  // send, no payment whose retry is overdue.
  await ensureDefaultTemplates();
  expect(await expireTrials(now)).toBe(0);
  expect(await sendTrialReminders(now)).toEqual({ first: 0, final: 0 });
  expect(await db.payment.count({ where: { status: "retrying", nextRetryAt: { lte: now } } })).toBe(0);
  return tenants;
}

async function recoveredSince(from: Date, to: Date) {
  const { _sum } = await db.payment.aggregate({
    where: { status: "recovered", settledAt: { gte: from, lte: to } },
    _sum: { amountMinor: true },
  });
  return _sum.amountMinor ?? 0;
}

describe("demo billing seed", () => {
  it("gives every tenant a trial that agrees with its status, six months of payments and dunning, and changes nothing when run again", async () => {
    const now = new Date("2026-11-18T12:00:00.000Z");
    await seedDemo({ now });
    const tenants = await expectConsistentBilling(now);
    expect(tenants.length).toBeGreaterThanOrEqual(300);
    expect(new Set(tenants.map((t) => t.trials[0].status))).toEqual(
      new Set(["active", "converted", "expired", "cancelled"]),
    );
    expect(Math.min(...tenants.map((t) => t.trials[0].startedAt.getTime()))).toBeLessThan(
      now.getTime() - 150 * DAY,
    );
    expect(tenants.filter((t) => t.status === "active" && t.trials[0].endedAt).length).toBeGreaterThan(0);

    const monthStart = new Date("2026-11-01T00:00:00.000Z");
    expect(await recoveredSince(monthStart, now)).toBeGreaterThan(0);
    expect(await recoveredSince(new Date(0), new Date(monthStart.getTime() - 1))).toBeGreaterThan(0);
    const amounts = new Set(
      (await db.payment.findMany({ select: { amountMinor: true, currency: true } })).map(
        (p) => `${p.amountMinor} ${p.currency}`,
      ),
    );
    expect(amounts).toEqual(new Set(["2900 EUR", "9900 EUR", "49900 EUR"]));

    const first = await billingCounts();
    const tenantRows = await db.tenant.findMany({ orderBy: { id: "asc" } });
    await seedDemo({ now });
    expect(await seedBillingHistory(now)).toEqual({ trials: 0, payments: 0, activities: 0 });
    expect(await billingCounts()).toEqual(first);
    expect(await db.tenant.findMany({ orderBy: { id: "asc" } })).toEqual(tenantRows);
    // Two whole demo seeds (subscription history included) on a shared machine.
  }, 60_000);

  it("is just as consistent when seeded in the first hour of a month", async () => {
    await db.billingActivity.deleteMany();
    await db.reviewDecision.deleteMany();
    await db.reviewItem.deleteMany();
    await db.payment.deleteMany();
    await db.trial.deleteMany();
    const now = new Date("2026-12-01T00:30:00.000Z");
    // The tenants stay; their statuses are re-read, and the billing is seeded again against a new clock.
    await seedBillingHistory(now);
    await expectConsistentBilling(now);
  });
});
