import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordBillingEvent } from "@/lib/billing/record-billing-event";
import { expireTrials, sendTrialReminders } from "@/lib/billing/trial-sweeps";
import { suspendTenant } from "@/lib/tenants/change-tenant-status";
import { billingEventSchema, type BillingEvent } from "@/lib/billing/schemas";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { makeTenant, makeUser } from "./setup/fixtures";
import { deliverEmailsToTestServer } from "./setup/mail-delivery";
import { until } from "./setup/until";

const HOUR = 3_600_000;
const received = deliverEmailsToTestServer();

// Dates are stored as UTC without a zone; the sweeps must read them right whatever zone the server runs in.
await db.$executeRawUnsafe(
  `ALTER DATABASE "${new URL(process.env.DATABASE_URL!).pathname.slice(1)}" SET timezone TO 'America/New_York'`,
);
await db.$disconnect();
const { actor: owner } = await makeUser("OWNER");
const billingSystem: Actor = { kind: "apiKey", id: "key-billing", label: "api-key:billing", role: "SYSTEM" };
let keys = 0;

function event(type: BillingEvent["type"], data: Record<string, unknown>, at: Date) {
  const parsed = parseInput(billingEventSchema, {
    idempotency_key: `lifecycle-${keys++}-${type}`,
    type,
    occurred_at: at.toISOString(),
    data,
  });
  return recordBillingEvent(billingSystem, parsed, at);
}

async function startTrial(tenant: { slug: string }, at: Date, days: number) {
  const { result } = await event("trial_started", { tenant: tenant.slug, plan: "pro", trial_days: days }, at);
  return (result as { trial: { id: string } }).trial.id;
}

/** The email keys recorded so far, for one trial. */
async function emailKeysOf(trialId: string): Promise<string[]> {
  const logs = await db.emailLog.findMany({
    where: { dedupeKey: { startsWith: `trial:${trialId}:` } },
    select: { dedupeKey: true },
  });
  return logs.map((l) => l.dedupeKey.slice(`trial:${trialId}:`.length)).sort();
}

describe("trial lifecycle on a controllable clock", () => {
  it("reminds 7 days and 1 day before the end at 09:00 local time, then expires, suspends and emails: each email once, though every sweep runs twice at once", async () => {
    expect(await db.$queryRaw`SELECT current_setting('TimeZone') AS zone`).toEqual([
      { zone: "America/New_York" },
    ]);
    const berlin = await makeTenant(owner, {
      timezone: "Europe/Berlin",
      contactEmail: "owner@berlin-bakery.example",
    });
    const tokyo = await makeTenant(owner, {
      timezone: "Asia/Tokyo",
      contactEmail: "owner@tokyo-tea.example",
    });
    const start = new Date("2026-12-01T08:00:00Z");
    const berlinTrial = await startTrial(berlin, start, 14); // ends 2026-12-15 09:00 Berlin (08:00 UTC)
    const tokyoTrial = await startTrial(tokyo, new Date(start.getTime() + 7 * HOUR), 14); // ends 2026-12-16 00:00 Tokyo (15:00 UTC on the 15th)

    // Every hour from the start until after both ends, as the hourly schedulers would, each sweep twice concurrently.
    const firstSeen = new Map<string, string>();
    for (let now = start.getTime(); now <= new Date("2026-12-15T17:00:00Z").getTime(); now += HOUR) {
      const at = new Date(now);
      await Promise.all([sendTrialReminders(at), sendTrialReminders(at), expireTrials(at), expireTrials(at)]);
      for (const [label, trialId] of [
        ["berlin", berlinTrial],
        ["tokyo", tokyoTrial],
      ]) {
        for (const key of await emailKeysOf(trialId))
          if (!firstSeen.has(`${label}:${key}`)) firstSeen.set(`${label}:${key}`, at.toISOString());
      }
    }

    expect(Object.fromEntries(firstSeen)).toEqual({
      // Both trials were started before the loop's first pass.
      "berlin:welcome": start.toISOString(),
      "berlin:reminder:first": "2026-12-08T08:00:00.000Z", // 09:00 in Berlin, 7 days before the end day
      "berlin:reminder:final": "2026-12-14T08:00:00.000Z", // 09:00 in Berlin, the day before
      "berlin:expired:2026-12-15T08:00:00.000Z": "2026-12-15T08:00:00.000Z",
      "tokyo:welcome": start.toISOString(),
      "tokyo:reminder:first": "2026-12-09T00:00:00.000Z", // 09:00 in Tokyo on 9 December (end day 16 December)
      "tokyo:reminder:final": "2026-12-15T00:00:00.000Z",
      "tokyo:expired:2026-12-15T15:00:00.000Z": "2026-12-15T15:00:00.000Z",
    });

    // Exactly eight messages reach the SMTP server, each once.
    await until(() => received.length >= 8, 30_000, "eight emails delivered");
    await new Promise((r) => setTimeout(r, 1_000));
    const subjects = received.map((r) => `${r.to.join(",")} ${r.mail.subject}`).sort();
    expect(subjects).toEqual(
      [
        "owner@berlin-bakery.example Welcome to your pro trial, " + berlin.name,
        "owner@berlin-bakery.example Your pro trial ends on 15 December 2026",
        "owner@berlin-bakery.example Your pro trial ends tomorrow",
        "owner@berlin-bakery.example Your pro trial has ended",
        "owner@tokyo-tea.example Welcome to your pro trial, " + tokyo.name,
        "owner@tokyo-tea.example Your pro trial ends on 16 December 2026",
        "owner@tokyo-tea.example Your pro trial ends tomorrow",
        "owner@tokyo-tea.example Your pro trial has ended",
      ].sort(),
    );

    for (const tenant of [berlin, tokyo]) {
      expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
        status: "suspended",
        billingSuspended: true,
        statusBeforeSuspension: "trialing",
      });
    }
    expect(await db.trial.findUniqueOrThrow({ where: { id: berlinTrial } })).toMatchObject({
      status: "expired",
      endedAt: new Date("2026-12-15T08:00:00Z"),
    });
    const audit = await db.auditLog.findMany({
      where: {
        entityId: { in: [berlinTrial, berlin.id] },
        action: { in: ["trial.expired", "tenant.suspended"] },
      },
    });
    expect(audit.map((a) => [a.action, a.actorLabel]).sort()).toEqual([
      ["tenant.suspended", "system:trial-expiry"],
      ["trial.expired", "system:trial-expiry"],
    ]);
    expect(
      await db.billingActivity.count({ where: { trialId: berlinTrial, kind: "trial_reminder_sent" } }),
    ).toBe(2);
  }, 90_000); // 360 simulated hours, each sweep run twice at once

  it("a short trial gets only the final reminder", async () => {
    const tenant = await makeTenant(owner, { timezone: "UTC" });
    const start = new Date("2027-01-04T10:00:00Z");
    const trialId = await startTrial(tenant, start, 3);
    for (let now = start.getTime(); now < start.getTime() + 3 * 24 * HOUR; now += HOUR)
      await sendTrialReminders(new Date(now));
    expect(await emailKeysOf(trialId)).toEqual(["reminder:final", "welcome"]);
  });
});

describe("conversion", () => {
  it("a payment during the trial converts it and makes the tenant active", async () => {
    const tenant = await makeTenant(owner);
    const start = new Date("2027-02-01T10:00:00Z");
    const trialId = await startTrial(tenant, start, 14);
    await event(
      "payment_succeeded",
      { tenant: tenant.slug, amount: 9900, currency: "eur", provider_reference: `ch_${tenant.slug}_1` },
      new Date(start.getTime() + 5 * 24 * HOUR),
    );
    expect(await db.trial.findUniqueOrThrow({ where: { id: trialId } })).toMatchObject({
      status: "converted",
      convertedAt: new Date(start.getTime() + 5 * 24 * HOUR),
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "active",
    });
    expect(
      await db.payment.findUniqueOrThrow({ where: { providerReference: `ch_${tenant.slug}_1` } }),
    ).toMatchObject({ status: "succeeded", currency: "EUR", trialId });
  });

  it("a payment after expiry converts the expired trial and lifts the billing suspension, but never an owner's suspension", async () => {
    const lapsed = await makeTenant(owner);
    const suspendedByOwner = await makeTenant(owner);
    const start = new Date("2027-03-01T10:00:00Z");
    const lapsedTrial = await startTrial(lapsed, start, 7);
    const ownersTrial = await startTrial(suspendedByOwner, start, 7);
    await expireTrials(new Date(start.getTime() + 8 * 24 * HOUR));
    await db.tenant.update({
      where: { id: suspendedByOwner.id },
      data: { status: "trialing", billingSuspended: false },
    });
    await suspendTenant.execute(owner, { id: suspendedByOwner.id, reason: "Abuse report" });

    const paidAt = new Date(start.getTime() + 10 * 24 * HOUR);
    for (const tenant of [lapsed, suspendedByOwner]) {
      await event(
        "payment_succeeded",
        { tenant: tenant.slug, amount: 2900, currency: "EUR", provider_reference: `ch_${tenant.slug}` },
        paidAt,
      );
    }
    expect(await db.trial.findUniqueOrThrow({ where: { id: lapsedTrial } })).toMatchObject({
      status: "converted",
      convertedAt: paidAt,
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: lapsed.id } })).toMatchObject({
      status: "active",
      billingSuspended: false,
    });
    expect(await db.trial.findUniqueOrThrow({ where: { id: ownersTrial } })).toMatchObject({
      status: "converted",
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: suspendedByOwner.id } })).toMatchObject({
      status: "suspended",
      statusReason: "Abuse report",
    });
  });

  it("a new trial after an expired one gives the tenant access again", async () => {
    const tenant = await makeTenant(owner);
    const start = new Date("2027-03-10T10:00:00Z");
    await startTrial(tenant, start, 7);
    await expireTrials(new Date(start.getTime() + 8 * 24 * HOUR));
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "suspended",
    });
    await startTrial(tenant, new Date(start.getTime() + 9 * 24 * HOUR), 14);
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "trialing",
      billingSuspended: false,
    });
  });

  it("payments arriving while the expiry sweep runs: no deadlock, every trial converted, every tenant active", async () => {
    const tenants = await Promise.all(Array.from({ length: 12 }, () => makeTenant(owner)));
    const start = new Date("2027-03-20T10:00:00Z");
    for (const tenant of tenants) await startTrial(tenant, start, 7);
    const end = new Date(start.getTime() + 7 * 24 * HOUR + 1_000);
    await Promise.all([
      expireTrials(end),
      ...tenants.map((tenant) =>
        event(
          "payment_succeeded",
          {
            tenant: tenant.slug,
            amount: 2900,
            currency: "EUR",
            provider_reference: `ch_race_${tenant.slug}`,
          },
          end,
        ),
      ),
      expireTrials(end),
    ]);
    const rows = await db.tenant.findMany({
      where: { id: { in: tenants.map((t) => t.id) } },
      include: { trials: true },
    });
    expect(rows.map((t) => [t.status, t.trials.map((trial) => trial.status)])).toEqual(
      tenants.map(() => ["active", ["converted"]]),
    );
  });

  it("only a tenant the expiry suspends is told its account is paused; a reopened trial that ends again is told again", async () => {
    const paying = await makeTenant(owner);
    await db.tenant.update({ where: { id: paying.id }, data: { status: "active" } });
    const trialing = await makeTenant(owner);
    const start = new Date("2027-03-25T10:00:00Z");
    const upgradeTrial = await startTrial(paying, start, 7);
    const trialId = await startTrial(trialing, start, 7);
    await expireTrials(new Date(start.getTime() + 8 * 24 * HOUR));
    expect(await emailKeysOf(upgradeTrial)).toEqual(["welcome"]);
    expect(await db.tenant.findUniqueOrThrow({ where: { id: paying.id } })).toMatchObject({
      status: "active",
    });

    const reopenedEnd = new Date(start.getTime() + 9 * 24 * HOUR);
    await db.trial.update({
      where: { id: trialId },
      data: { status: "active", endsAt: reopenedEnd, endedAt: null },
    });
    await db.tenant.update({
      where: { id: trialing.id },
      data: { status: "trialing", billingSuspended: false },
    });
    await expireTrials(new Date(reopenedEnd.getTime() + HOUR));
    expect((await emailKeysOf(trialId)).filter((key) => key.startsWith("expired:"))).toHaveLength(2);
  });

  it("cancelling the subscription ends the trial and the tenant", async () => {
    const tenant = await makeTenant(owner);
    const trialId = await startTrial(tenant, new Date("2027-04-01T10:00:00Z"), 14);
    await event(
      "subscription_cancelled",
      { tenant: tenant.slug, reason: "Too expensive" },
      new Date("2027-04-03T10:00:00Z"),
    );
    expect(await db.trial.findUniqueOrThrow({ where: { id: trialId } })).toMatchObject({
      status: "cancelled",
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "cancelled",
      statusReason: "Subscription cancelled: Too expensive",
    });
  });
});
