import { createHash, randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { encryptPii } from "@/lib/crypto/pii";
import { AppError } from "@/lib/errors";
import type { AlertClass } from "@/lib/generated/prisma/enums";
import { ProviderError } from "./channels/provider-error";
import { sendSms } from "./channels/send-sms";
import {
  alertSettingsSchema,
  confirmPhoneSchema,
  onCallOrderSchema,
  startPhoneVerificationSchema,
} from "./schemas";

/** A code is good for 10 minutes and 5 tries; then a new one must be sent. */
const CODE_TTL_MS = 10 * 60_000;
const CODE_TRIES = 5;

const hashCode = (userId: string, code: string) =>
  createHash("sha256").update(`${userId}:${code}`).digest("hex");

function personOf(actor: Actor): string {
  if (actor.kind !== "user" || !actor.id)
    throw new AppError("FORBIDDEN", "Only a person has alert settings.");
  return actor.id;
}

/** A person sets their time zone, quiet hours and channels per alert class. */
export const updateAlertSettings = defineAction({
  name: "alerts.updateSettings",
  roles: ["OWNER"],
  input: alertSettingsSchema,
  async run(actor, input) {
    const userId = personOf(actor);
    const contact = {
      timeZone: input.timeZone,
      quietStartMinute: input.quietStart === "" ? null : input.quietStart,
      quietEndMinute: input.quietEnd === "" ? null : input.quietEnd,
    };
    await db.$transaction(async (tx) => {
      await tx.alertContact.upsert({ where: { userId }, create: { userId, ...contact }, update: contact });
      for (const [alertClass, channels] of Object.entries(input.preferences) as [AlertClass, string[]][])
        await tx.alertPreference.upsert({
          where: { userId_alertClass: { userId, alertClass } },
          create: { userId, alertClass, channels: channels as never },
          update: { channels: channels as never },
        });
      await recordAudit(tx, actor, {
        action: "alert_settings.updated",
        entityType: "user",
        entityId: userId,
        after: { ...contact, preferences: input.preferences },
      });
    });
    return { saved: true };
  },
});

/** Sends a 6-digit code to a phone number; SMS alerts go to it once the code comes back. */
export const startPhoneVerification = defineAction({
  name: "alerts.startPhoneVerification",
  roles: ["OWNER"],
  input: startPhoneVerificationSchema,
  async run(actor, input) {
    const userId = personOf(actor);
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const pending = {
      phoneEncrypted: encryptPii(input.phone),
      phoneVerifiedAt: null,
      phoneCodeHash: hashCode(userId, code),
      phoneCodeExpiresAt: new Date(Date.now() + CODE_TTL_MS),
      phoneCodeAttempts: 0,
    };
    await db.$transaction(async (tx) => {
      await tx.alertContact.upsert({ where: { userId }, create: { userId, ...pending }, update: pending });
      await recordAudit(tx, actor, { action: "alert_phone.code_sent", entityType: "user", entityId: userId });
    });
    try {
      await sendSms(input.phone, `Your Steward verification code is ${code}. It expires in 10 minutes.`);
    } catch (error) {
      if (error instanceof ProviderError)
        throw new AppError("UNAVAILABLE", `The code could not be sent: ${error.message}`, {
          phone: [error.message],
        });
      throw error;
    }
    return { sent: true };
  },
});

/** Confirms the phone with the code it received. */
export const confirmPhoneVerification = defineAction({
  name: "alerts.confirmPhone",
  roles: ["OWNER"],
  input: confirmPhoneSchema,
  async run(actor, input) {
    const userId = personOf(actor);
    const contact = await db.alertContact.findUnique({ where: { userId } });
    if (!contact?.phoneCodeHash || !contact.phoneCodeExpiresAt || contact.phoneCodeExpiresAt < new Date())
      throw new AppError("VALIDATION", "No code is pending: send a new one.", {
        smsCode: ["Send a new code"],
      });
    if (contact.phoneCodeAttempts >= CODE_TRIES)
      throw new AppError("VALIDATION", "Too many wrong codes: send a new one.", {
        code: ["Send a new code"],
      });
    if (contact.phoneCodeHash !== hashCode(userId, input.smsCode)) {
      await db.alertContact.update({ where: { userId }, data: { phoneCodeAttempts: { increment: 1 } } });
      throw new AppError("VALIDATION", "That code is not the one we sent.", { smsCode: ["Wrong code"] });
    }
    await db.$transaction(async (tx) => {
      await tx.alertContact.update({
        where: { userId },
        data: {
          phoneVerifiedAt: new Date(),
          phoneCodeHash: null,
          phoneCodeExpiresAt: null,
          phoneCodeAttempts: 0,
        },
      });
      await recordAudit(tx, actor, { action: "alert_phone.verified", entityType: "user", entityId: userId });
    });
    return { verified: true };
  },
});

/** An owner sets who is called first for urgent alerts, second, and so on (then every owner). */
export const setOnCallOrder = defineAction({
  name: "alerts.setOnCallOrder",
  roles: ["OWNER"],
  input: onCallOrderSchema,
  async run(actor, input) {
    const owners = await db.user.count({
      where: { id: { in: input.userIds }, role: "OWNER", disabled: false },
    });
    if (owners !== input.userIds.length)
      throw new AppError("VALIDATION", "Only active owners can be on call.", {
        userIds: ["Only active owners"],
      });
    await db.$transaction(async (tx) => {
      const before = await tx.onCallEntry.findMany({
        orderBy: { position: "asc" },
        select: { userId: true },
      });
      await tx.onCallEntry.deleteMany({});
      await tx.onCallEntry.createMany({
        data: input.userIds.map((userId, position) => ({ userId, position })),
      });
      await recordAudit(tx, actor, {
        action: "on_call_order.updated",
        entityType: "on_call_order",
        before: before.map((e) => e.userId),
        after: input.userIds,
      });
    });
    return { onCall: input.userIds.length };
  },
});
