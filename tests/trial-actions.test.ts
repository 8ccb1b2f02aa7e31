import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/jobs/queues";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import {
  convertTrialManually,
  expireTrialNow,
  extendTrial,
  resendReminder,
} from "@/lib/billing/trial-actions";
import { makeTenant, makeUser } from "./setup/fixtures";

const DAY = 86_400_000;
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
afterAll(() => closeQueues());

async function runningTrial(daysLeft = 10) {
  const tenant = await makeTenant(owner);
  const endsAt = new Date(Date.now() + daysLeft * DAY);
  const trial = await db.trial.create({
    data: {
      tenantId: tenant.id,
      plan: "starter",
      startedAt: new Date(Date.now() - DAY),
      endsAt,
      originalEndsAt: endsAt,
    },
  });
  return { tenant, trial };
}

const timeline = async (trialId: string) =>
  (await db.billingActivity.findMany({ where: { trialId }, orderBy: { createdAt: "asc" } })).map((a) => [
    a.kind,
    a.summary,
    a.actorLabel,
  ]);

describe("owner trial actions", () => {
  it("extends a running trial from its end, with the reason on the timeline and in the audit log", async () => {
    const { trial } = await runningTrial();
    const { endsAt } = await extendTrial.execute(owner, {
      trialId: trial.id,
      days: "5",
      reason: "Waiting for procurement",
    });
    expect(endsAt).toEqual(new Date(trial.endsAt.getTime() + 5 * DAY));
    expect(await db.trial.findUniqueOrThrow({ where: { id: trial.id } })).toMatchObject({
      status: "active",
      endsAt,
      extendedDays: 5,
      originalEndsAt: trial.endsAt,
    });
    expect(await timeline(trial.id)).toEqual([
      ["trial_extended", "Extended by 5 days: Waiting for procurement", owner.label],
    ]);
    expect(
      await db.auditLog.findFirst({ where: { entityId: trial.id, action: "trial.extended" } }),
    ).toMatchObject({ actorLabel: owner.label, after: { days: 5, reason: "Waiting for procurement" } });
  });

  it("extending an expired trial reopens it from today and lifts the billing suspension", async () => {
    const { tenant, trial } = await runningTrial();
    await expireTrialNow.execute(owner, { trialId: trial.id, reason: "Customer asked to stop" });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "suspended",
      billingSuspended: true,
    });
    expect(
      await db.emailLog.count({
        where: { dedupeKey: `trial:${trial.id}:expired:${trial.endsAt.toISOString()}` },
      }),
    ).toBe(1);

    const before = Date.now();
    const { endsAt } = await extendTrial.execute(owner, {
      trialId: trial.id,
      days: 7,
      reason: "Changed their mind",
    });
    expect(endsAt.getTime()).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(await db.trial.findUniqueOrThrow({ where: { id: trial.id } })).toMatchObject({
      status: "active",
      endedAt: null,
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "trialing",
      billingSuspended: false,
    });
  });

  it("refuses to extend the trial of a cancelled tenant", async () => {
    const { tenant, trial } = await runningTrial();
    await db.tenant.update({ where: { id: tenant.id }, data: { status: "cancelled" } });
    await expect(
      extendTrial.execute(owner, { trialId: trial.id, days: 3, reason: "Come back" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This tenant is cancelled; its trial cannot be extended.",
    });
  });

  it("converts by hand and refuses what the status does not allow", async () => {
    const { tenant, trial } = await runningTrial();
    await convertTrialManually.execute(owner, { trialId: trial.id, reason: "Paid by bank transfer" });
    expect(await db.trial.findUniqueOrThrow({ where: { id: trial.id } })).toMatchObject({
      status: "converted",
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      status: "active",
    });
    await expect(
      expireTrialNow.execute(owner, { trialId: trial.id, reason: "Too late" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "Only a running trial can be expired." });
    await expect(
      extendTrial.execute(owner, { trialId: trial.id, days: 3, reason: "Too late" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(resendReminder.execute(owner, { trialId: trial.id, kind: "first" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("resends a reminder as a new email each time", async () => {
    const { trial } = await runningTrial();
    await resendReminder.execute(owner, { trialId: trial.id, kind: "final" });
    await resendReminder.execute(owner, { trialId: trial.id, kind: "final" });
    expect(
      await db.emailLog.count({
        where: {
          dedupeKey: { startsWith: `trial:${trial.id}:reminder:final:resend:` },
          templateKey: "trial_ending_tomorrow",
        },
      }),
    ).toBe(2);
    expect(await timeline(trial.id)).toEqual([
      ["trial_reminder_sent", "Reminder resent: trial ends tomorrow", owner.label],
      ["trial_reminder_sent", "Reminder resent: trial ends tomorrow", owner.label],
    ]);
  });

  it("400 with field messages for bad input; 404 for an unknown trial", async () => {
    const { trial } = await runningTrial();
    await expect(
      extendTrial.execute(owner, { trialId: trial.id, days: "0", reason: "x" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { days: ["Extend by at least 1 day"], reason: ["Give a reason of at least 3 characters"] },
    });
    await expect(
      extendTrial.execute(owner, { trialId: trial.id, days: "many", reason: "Because" }),
    ).rejects.toMatchObject({ fields: { days: ["Enter a number of days"] } });
    await expect(resendReminder.execute(owner, { trialId: trial.id, kind: "weekly" })).rejects.toMatchObject({
      fields: { kind: ["Choose which reminder"] },
    });
    await expect(
      convertTrialManually.execute(owner, { trialId: "nope", reason: "Because" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
