import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signInWithPassword, type SignInDeps } from "@/lib/auth/sign-in";
import { TWO_FACTOR_PROMPT } from "@/lib/auth/two-factor-prompt";
import { totpCode } from "@/lib/auth/two-factor";
import { confirmTwoFactor, disableTwoFactor, startTwoFactorSetup } from "@/lib/auth/two-factor-actions";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { makeUser } from "./setup/fixtures";

// This file runs as a Steward where owners must use two-factor sign-in.
process.env.REQUIRE_2FA = "true";

const PASSWORD = "correct horse battery";
let address = 0;
const deps = (now: Date): SignInDeps => ({ now: () => now, sleep: async () => {} });

/** A person with two-factor sign-in turned on through the profile's actions; their secret and codes. */
async function withTwoFactor(role: "OWNER" | "REVIEWER" = "OWNER") {
  const { user, actor } = await makeUser(role, { password: PASSWORD });
  const { secret } = await startTwoFactorSetup.execute(actor, {});
  const { recoveryCodes } = await confirmTwoFactor.execute(actor, { code: await totpCode(secret) });
  return { user, actor, secret, recoveryCodes };
}

function signIn(email: string, code: string | undefined, now = new Date()) {
  return signInWithPassword({ email, password: PASSWORD, code, ip: `198.51.100.${++address}` }, deps(now));
}

describe("two-factor sign-in", () => {
  it("is turned on with a code from the app and hands out ten recovery codes once", async () => {
    const { user, actor } = await makeUser("REVIEWER");
    const { secret, qrCode } = await startTwoFactorSetup.execute(actor, {});
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    await expect(confirmTwoFactor.execute(actor, { code: "000000" })).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { code: [expect.stringMatching(/not right/)] },
    });
    const { recoveryCodes } = await confirmTwoFactor.execute(actor, { code: await totpCode(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      omit: { totpSecretEncrypted: false },
    });
    expect(stored.totpEnabledAt).not.toBeNull();
    expect(stored.totpSecretEncrypted).not.toContain(secret);
    const hashes = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(hashes.some((h) => recoveryCodes.some((c) => h.codeHash.includes(c.replace("-", ""))))).toBe(
      false,
    );
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "auth.two_factor_enabled" } })).toBe(
      1,
    );
  });

  it("asks for the code after the right password, accepts a current one once, and refuses a wrong one", async () => {
    const { user, secret } = await withTwoFactor();
    await expect(signIn(user.email, undefined)).rejects.toMatchObject({ message: TWO_FACTOR_PROMPT });
    const later = new Date(Date.now() + 60_000);
    const code = await totpCode(secret, later);
    await expect(signIn(user.email, code, later)).resolves.toMatchObject({ id: user.id });
    await expect(signIn(user.email, code, later)).rejects.toMatchObject({ message: /not right/ });
    await expect(signIn(user.email, "123456", new Date(later.getTime() + 60_000))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const failures = await db.auditLog.findMany({
      where: { entityId: user.id, action: "auth.login_failed" },
    });
    expect(failures.map((f) => (f.after as { reason: string }).reason)).toEqual([
      "bad_second_factor",
      "bad_second_factor",
    ]);
  });

  it("a recovery code signs in once, in any case and with or without its dash", async () => {
    const { user, recoveryCodes } = await withTwoFactor("REVIEWER");
    const [first] = recoveryCodes;
    await expect(signIn(user.email, first.toUpperCase().replace("-", ""))).resolves.toMatchObject({
      id: user.id,
    });
    await expect(signIn(user.email, first)).rejects.toMatchObject({ message: /not right/ });
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
  });

  it("is turned off with a code, except by owners when REQUIRE_2FA holds", async () => {
    const owner = await withTwoFactor("OWNER");
    await expect(
      disableTwoFactor.execute(owner.actor, { code: owner.recoveryCodes[0] }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const { actor, recoveryCodes } = await withTwoFactor("REVIEWER");
    await expect(disableTwoFactor.execute(actor, { code: "nope" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await disableTwoFactor.execute(actor, { code: recoveryCodes[1] });
    await expect(signIn(actor.label, undefined)).resolves.toMatchObject({ id: actor.id });
  });

  it("with REQUIRE_2FA an owner without it may set it up and nothing else", async () => {
    const { actor } = await makeUser("OWNER");
    const pending = { ...actor, mustSetUpTwoFactor: true };
    await expect(
      createApiKey.execute(pending, { name: "blocked", scopes: ["tenants:read"] }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Set up two-factor sign-in on your profile first.",
    });
    await expect(startTwoFactorSetup.execute(pending, {})).resolves.toHaveProperty("secret");
  });
});
