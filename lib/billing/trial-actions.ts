import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Trial } from "@/lib/generated/prisma/client";
import type { TrialStatus } from "@/lib/generated/prisma/enums";
import { recordActivities } from "./activities";
import { REMINDER_TEMPLATES, reminderLabel } from "./config";
import { changeWithEffects } from "./effects";
import { formatDay } from "./format";
import { recordTrialEvents, trialDaysLeft } from "./record-trial-payment-events";
import { extendTrialSchema, resendReminderSchema, trialDecisionSchema } from "./schemas";
import { transitionTenants } from "./tenant-transitions";
import { afterExpiry, convertTrial } from "./trials";

const DAY = 86_400_000;

async function trialIn(tx: Tx, trialId: string, allowed: TrialStatus[], refusal: string): Promise<Trial> {
  const trial = await tx.trial.findUnique({ where: { id: trialId } });
  if (!trial) throw new AppError("NOT_FOUND", "No such trial.");
  if (!allowed.includes(trial.status)) throw new AppError("CONFLICT", refusal);
  return trial;
}

const raced = () =>
  new AppError("CONFLICT", "Someone changed this trial at the same time; reload and try again.");

/**
 * More days for a trial. An expired trial is reopened from today (its tenant, if billing suspended
 * it, is on trial again); a running one gets the days added to its end.
 */
export const extendTrial = defineAction({
  name: "trials.extend",
  roles: ["OWNER"],
  input: extendTrialSchema,
  run: (actor: Actor, input) =>
    changeWithEffects(async (tx) => {
      const now = new Date();
      const trial = await trialIn(
        tx,
        input.trialId,
        ["active", "expired"],
        "Only a running or expired trial can be extended.",
      );
      if (
        (await tx.tenant.findUniqueOrThrow({ where: { id: trial.tenantId }, select: { status: true } }))
          .status === "cancelled"
      ) {
        throw new AppError("CONFLICT", "This tenant is cancelled; its trial cannot be extended.");
      }
      const from = trial.status === "expired" ? now : trial.endsAt;
      const endsAt = new Date(from.getTime() + input.days * DAY);
      if (
        trial.status === "expired" &&
        (await tx.trial.count({ where: { tenantId: trial.tenantId, status: "active" } }))
      ) {
        throw new AppError("CONFLICT", "This tenant already has another running trial.");
      }
      const { count } = await tx.trial.updateMany({
        where: { id: trial.id, status: trial.status, endsAt: trial.endsAt },
        data: { status: "active", endsAt, endedAt: null, extendedDays: { increment: input.days } },
      });
      if (count === 0) throw raced();
      const details = {
        days: input.days,
        reason: input.reason,
        previousEndsAt: trial.endsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      };
      await recordActivities(tx, [
        {
          tenantId: trial.tenantId,
          trialId: trial.id,
          kind: "trial_extended",
          summary: `Extended by ${input.days} day${input.days === 1 ? "" : "s"}: ${input.reason}`,
          actorLabel: actor.label,
          details,
          createdAt: now,
        },
      ]);
      await recordAudits(tx, actor, [
        {
          action: "trial.extended",
          entityType: "trial",
          entityId: trial.id,
          before: { status: trial.status, endsAt: trial.endsAt.toISOString() },
          after: { status: "active", ...details },
        },
      ]);
      if (trial.status === "expired") {
        await transitionTenants(
          tx,
          actor,
          [{ tenantId: trial.tenantId, trialId: trial.id }],
          {
            to: "trialing",
            from: [],
            liftBillingSuspension: true,
            reason: `Trial extended: ${input.reason}`,
            auditAction: "tenant.reactivated",
          },
          now,
        );
      }
      return { id: trial.id, endsAt };
    }),
});

/** Marks a trial paid by hand (e.g. an invoice settled outside the billing system). */
export const convertTrialManually = defineAction({
  name: "trials.convert",
  roles: ["OWNER"],
  input: trialDecisionSchema,
  run: (actor, input) =>
    changeWithEffects(async (tx) => {
      const now = new Date();
      const trial = await trialIn(
        tx,
        input.trialId,
        ["active", "expired"],
        "Only a running or expired trial can be converted.",
      );
      if (!(await convertTrial(tx, actor, trial, now, `by hand: ${input.reason}`))) throw raced();
      await transitionTenants(
        tx,
        actor,
        [{ tenantId: trial.tenantId, trialId: trial.id }],
        {
          to: "active",
          from: ["trialing"],
          liftBillingSuspension: true,
          reason: `Trial converted by hand: ${input.reason}`,
          auditAction: "tenant.activated",
        },
        now,
      );
      return { id: trial.id };
    }),
});

/** Ends a running trial now, exactly as the expiry sweep would. */
export const expireTrialNow = defineAction({
  name: "trials.expire",
  roles: ["OWNER"],
  input: trialDecisionSchema,
  run: (actor, input) =>
    changeWithEffects(async (tx, effects) => {
      const now = new Date();
      const trial = await trialIn(tx, input.trialId, ["active"], "Only a running trial can be expired.");
      const { count } = await tx.trial.updateMany({
        where: { id: trial.id, status: "active" },
        data: { status: "expired", endedAt: now },
      });
      if (count === 0) throw raced();
      await afterExpiry(tx, actor, effects, [trial], now, `Expired by hand: ${input.reason}`);
      return { id: trial.id };
    }),
});

/** Sends a reminder again (e.g. the tenant lost it, or the trial was extended after it went out). */
export const resendReminder = defineAction({
  name: "trials.resendReminder",
  roles: ["OWNER"],
  input: resendReminderSchema,
  run: (actor, input) =>
    changeWithEffects(async (tx, effects) => {
      const now = new Date();
      const trial = await trialIn(
        tx,
        input.trialId,
        ["active"],
        "Reminders are only sent for a running trial.",
      );
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: trial.tenantId } });
      effects.emailTenant(tenant, {
        templateKey: REMINDER_TEMPLATES[input.kind],
        variables: {
          tenantName: tenant.name,
          planName: trial.plan,
          trialEndsOn: formatDay(trial.endsAt, tenant.timezone),
        },
        dedupeKey: `trial:${trial.id}:reminder:${input.kind}:resend:${randomUUID()}`,
      });
      await recordActivities(tx, [
        {
          tenantId: trial.tenantId,
          trialId: trial.id,
          kind: "trial_reminder_sent",
          summary: `Reminder resent: trial ${reminderLabel(input.kind)}`,
          actorLabel: actor.label,
          details: { kind: input.kind, resent: true },
          createdAt: now,
        },
      ]);
      await recordTrialEvents(tx, [
        {
          type: "trial.ending",
          trialId: trial.id,
          daysLeft: trialDaysLeft(trial.endsAt, now, tenant.timezone),
        },
      ]);
      await recordAudits(tx, actor, [
        {
          action: "trial.reminder_resent",
          entityType: "trial",
          entityId: trial.id,
          after: { kind: input.kind },
        },
      ]);
      return { id: trial.id };
    }),
});
