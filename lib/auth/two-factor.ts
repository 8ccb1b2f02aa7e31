import { createHash, randomInt } from "node:crypto";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { db, type Tx } from "@/lib/db";

const ISSUER = "Steward";
export const RECOVERY_CODE_COUNT = 10;
/** Codes one 30-second step old or ahead still count: phone clocks drift. */
const TOLERANCE_SECONDS = 30;

export const newTotpSecret = () => generateSecret();

/** The otpauth:// link an authenticator app reads, as a QR code image (a data: URL). */
export function totpQrCode(email: string, secret: string): Promise<string> {
  return QRCode.toDataURL(generateURI({ issuer: ISSUER, label: email, secret }), { margin: 1, width: 192 });
}

/** The start (Unix seconds) of the time step `code` is right for around `now`, or null. */
export async function totpStep(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
  });
  return result.valid && "epoch" in result ? result.epoch : null;
}

/** The code an authenticator shows at `now` (tests and the CLI use it). */
export const totpCode = (secret: string, now = new Date()) =>
  generate({ secret, epoch: Math.floor(now.getTime() / 1000) });

/** Accepts a TOTP step once: a code seen (or older than one seen) cannot sign in again. */
export async function claimTotpStep(client: Tx | typeof db, userId: string, step: number): Promise<boolean> {
  const { count } = await client.user.updateMany({
    where: { id: userId, OR: [{ totpLastUsedEpoch: null }, { totpLastUsedEpoch: { lt: step } }] },
    data: { totpLastUsedEpoch: step },
  });
  return count === 1;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, "");
const recoveryCodeHash = (userId: string, code: string) =>
  createHash("sha256")
    .update(`${userId}:${normaliseRecoveryCode(code)}`)
    .digest("hex");

/** Replaces a person's recovery codes with fresh ones; returns them (shown once, kept only as hashes). */
export async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
  });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(userId, code) })),
  });
  return codes;
}

/** Uses up one unused recovery code; false when it is not one of theirs or was used before. */
export async function spendRecoveryCode(client: Tx | typeof db, userId: string, code: string, now: Date) {
  const { count } = await client.recoveryCode.updateMany({
    where: { userId, codeHash: recoveryCodeHash(userId, code), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}

/**
 * Checks the second factor of someone whose TOTP secret is `secret`: a current authenticator code
 * (each good once) or an unused recovery code (used up by this).
 */
export async function passesSecondFactor(
  client: Tx | typeof db,
  user: { id: string; secret: string },
  code: string,
  now: Date,
): Promise<boolean> {
  const step = await totpStep(user.secret, code.trim(), now);
  if (step !== null) return claimTotpStep(client, user.id, step);
  return spendRecoveryCode(client, user.id, code, now);
}

/** What the profile shows: on since when, and how many recovery codes are left. */
export async function twoFactorStatus(userId: string) {
  const [user, recoveryCodesLeft] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabledAt: user.totpEnabledAt, recoveryCodesLeft };
}
