import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { decryptPii, encryptPii } from "@/lib/crypto/pii";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  claimTotpStep,
  issueRecoveryCodes,
  newTotpSecret,
  passesSecondFactor,
  totpQrCode,
  totpStep,
} from "./two-factor";

const codeInput = z.object({ code: z.string().trim().min(1, "Enter a code").max(40) });

async function twoFactorState(userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, role: true, totpEnabledAt: true, totpSecretEncrypted: true },
  });
}

/** Starts setting up an authenticator: a new secret, kept until confirmed with a code from it. */
export const startTwoFactorSetup = defineAction({
  name: "two_factor.start",
  roles: ["OWNER", "REVIEWER", "VIEWER"],
  input: z.object({}),
  async run(actor) {
    const user = await twoFactorState(actor.id!);
    if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor sign-in is already on.");
    const secret = newTotpSecret();
    await db.user.update({
      where: { id: actor.id!, totpEnabledAt: null },
      data: { totpSecretEncrypted: encryptPii(secret), totpLastUsedEpoch: null },
    });
    return { secret, qrCode: await totpQrCode(user.email, secret) };
  },
});

/** Turns two-factor sign-in on once the authenticator shows the right code; returns the recovery codes, once. */
export const confirmTwoFactor = defineAction({
  name: "two_factor.confirm",
  roles: ["OWNER", "REVIEWER", "VIEWER"],
  input: codeInput,
  async run(actor, { code }) {
    const user = await twoFactorState(actor.id!);
    if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor sign-in is already on.");
    if (!user.totpSecretEncrypted) throw new AppError("CONFLICT", "Start the set-up first.");
    const step = await totpStep(decryptPii(user.totpSecretEncrypted), code, new Date());
    if (step === null)
      throw new AppError("VALIDATION", "Some fields are invalid.", {
        code: ["That code is not right: enter the 6 digits your app shows now."],
      });
    return db.$transaction(async (tx) => {
      await claimTotpStep(tx, actor.id!, step);
      await tx.user.update({ where: { id: actor.id! }, data: { totpEnabledAt: new Date() } });
      const recoveryCodes = await issueRecoveryCodes(tx, actor.id!);
      await recordAudit(tx, actor, {
        action: "auth.two_factor_enabled",
        entityType: "user",
        entityId: actor.id,
      });
      return { recoveryCodes };
    });
  },
});

/** Turns two-factor sign-in off, with a current code or a recovery code (not for owners where it is required). */
export const disableTwoFactor = defineAction({
  name: "two_factor.disable",
  roles: ["OWNER", "REVIEWER", "VIEWER"],
  input: codeInput,
  async run(actor, { code }) {
    const user = await twoFactorState(actor.id!);
    if (!user.totpEnabledAt || !user.totpSecretEncrypted)
      throw new AppError("CONFLICT", "Two-factor sign-in is not on.");
    if (env().REQUIRE_2FA && user.role === "OWNER")
      throw new AppError("FORBIDDEN", "Owners must keep two-factor sign-in on here (REQUIRE_2FA).");
    return db.$transaction(async (tx) => {
      const secret = decryptPii(user.totpSecretEncrypted!);
      if (!(await passesSecondFactor(tx, { id: actor.id!, secret }, code, new Date())))
        throw new AppError("VALIDATION", "Some fields are invalid.", {
          code: ["That code is not right: use the current one from your app, or an unused recovery code."],
        });
      await tx.user.update({
        where: { id: actor.id! },
        data: { totpEnabledAt: null, totpSecretEncrypted: null, totpLastUsedEpoch: null },
      });
      await tx.recoveryCode.deleteMany({ where: { userId: actor.id! } });
      await recordAudit(tx, actor, {
        action: "auth.two_factor_disabled",
        entityType: "user",
        entityId: actor.id,
      });
      return { disabled: true };
    });
  },
});
