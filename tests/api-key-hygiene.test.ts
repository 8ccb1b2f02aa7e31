import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/v1/tenants/route";
import { forgetVerifiedKeys } from "@/lib/api-keys/authenticate-api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { apiKeyFlags, apiKeyState, listActiveApiKeyFlags } from "@/lib/api-keys/hygiene";
import { sendApiKeyDigest } from "@/lib/api-keys/hygiene-digest";
import { listApiKeys } from "@/lib/api-keys/queries";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { rotateApiKey } from "@/lib/api-keys/rotate-api-key";
import { db } from "@/lib/db";
import { until } from "./setup/until";
import { deliverEmailsToTestServer } from "./setup/mail-delivery";
import { makeUser } from "./setup/fixtures";

// Read once by env(): other thresholds than the defaults (30 and 90), so the tests show they are configurable.
process.env.API_KEY_UNUSED_DAYS = "20";
process.env.API_KEY_MAX_AGE_DAYS = "60";

const received = deliverEmailsToTestServer();
const { user: ownerUser, actor: owner } = await makeUser("OWNER");
const { user: secondOwner } = await makeUser("OWNER");
const { user: disabledOwner } = await makeUser("OWNER", { disabled: true });
const { actor: reviewer } = await makeUser("REVIEWER");

const DAY = 86_400_000;
const MINUTE = 60_000;
const daysBefore = (days: number, from: Date) => new Date(from.getTime() - days * DAY);

let keys = 0;
/** A key with tenants:read, optionally aged behind the app's back (as if created and last used then). */
async function makeKey(dates: { createdAt?: Date; lastUsedAt?: Date | null } = {}) {
  const name = `key-${keys++}`;
  const { id, key } = await createApiKey.execute(owner, { name, scopes: ["tenants:read"] });
  const row = await db.apiKey.update({ where: { id }, data: dates });
  return { id, key, name, prefix: row.prefix };
}

const listTenants = (key: string) =>
  GET(new Request("http://steward.test/api/v1/tenants", { headers: { authorization: `Bearer ${key}` } }));
/** Everything after "stw_<prefix>_": the part of a key that is secret. */
const secretOf = (key: string) => key.slice("stw_".length + 9);

afterEach(() => {
  vi.useRealTimers();
});

describe("apiKeyFlags", () => {
  const now = new Date("2025-03-12T10:00:00Z");
  const thresholds = { unusedDays: 30, maxAgeDays: 90 };
  const flags = (createdAt: Date, lastUsedAt: Date | null, revokedAt: Date | null = null) =>
    apiKeyFlags({ createdAt, lastUsedAt, revokedAt }, now, thresholds);

  it("flags a key not used for N days from the instant N days have passed", () => {
    const created = daysBefore(60, now);
    expect(flags(created, new Date(daysBefore(30, now).getTime() + MINUTE))).toEqual([]);
    expect(flags(created, daysBefore(30, now))).toEqual(["Not used for 30 days"]);
    expect(flags(created, daysBefore(41, now))).toEqual(["Not used for 41 days"]);
  });

  it("counts a key never used from its creation", () => {
    expect(flags(new Date(daysBefore(30, now).getTime() + MINUTE), null)).toEqual([]);
    expect(flags(daysBefore(30, now), null)).toEqual(["Never used in 30 days"]);
    expect(flags(daysBefore(35, now), null)).toEqual(["Never used in 35 days"]);
  });

  it("flags a key created max-age days ago as due for rotation, however often it is used", () => {
    expect(flags(new Date(daysBefore(90, now).getTime() + MINUTE), now)).toEqual([]);
    expect(flags(daysBefore(90, now), now)).toEqual(["Created 90 days ago: due for rotation"]);
    expect(flags(daysBefore(120, now), null)).toEqual([
      "Never used in 120 days",
      "Created 120 days ago: due for rotation",
    ]);
  });

  it("never flags a revoked key, nor one in its grace period", () => {
    const old = daysBefore(400, now);
    expect(flags(old, null, now)).toEqual([]);
    expect(apiKeyState({ revokedAt: now }, now)).toBe("revoked");
    expect(flags(old, null, new Date(now.getTime() + 1))).toEqual([]);
    expect(apiKeyState({ revokedAt: new Date(now.getTime() + 1) }, now)).toBe("grace");
    expect(apiKeyState({ revokedAt: null }, now)).toBe("active");
  });
});

describe("weekly API key digest", () => {
  // Monday 08:00 UTC of this week, when the schedule runs; the keys are aged against it.
  const today = new Date();
  const monday = new Date(
    Date.UTC(
      today.getUTCFullYear(),
      today.getUTCMonth(),
      today.getUTCDate() - ((today.getUTCDay() + 6) % 7),
      8,
    ),
  );
  const digests = () => received.filter((r) => (r.mail.subject ?? "").startsWith("API key hygiene:"));

  it("sends nothing when no key is flagged", async () => {
    await makeKey();
    expect(await sendApiKeyDigest(monday)).toEqual({ flagged: 0, emailed: 0 });
    expect(await db.emailLog.count({ where: { templateKey: "api_key_digest" } })).toBe(0);
  });

  it("emails each active owner one digest naming the flagged keys, once per week", async () => {
    const stale = await makeKey({ createdAt: daysBefore(25, monday), lastUsedAt: null });
    const healthy = await makeKey({ createdAt: daysBefore(10, monday), lastUsedAt: monday });

    expect(await sendApiKeyDigest(monday)).toEqual({ flagged: 1, emailed: 2 });
    const mails = await until(() => digests().length === 2 && digests(), 15_000, "two digests");
    expect(mails.flatMap((m) => m.to).sort()).toEqual([ownerUser.email, secondOwner.email].sort());
    for (const { mail } of mails) {
      expect(mail.subject).toBe("API key hygiene: 1 flagged");
      expect(mail.text).toContain(`- ${stale.name} (stw_${stale.prefix}_…): Never used in 25 days`);
      expect(mail.text).toContain("/settings/api-keys");
      expect(mail.text).not.toContain(healthy.name);
      expect(mail.text).not.toContain(secretOf(stale.key));
    }
    expect(await db.emailLog.count({ where: { dedupeKey: { endsWith: disabledOwner.id } } })).toBe(0);

    // Later the same week (Sunday night): nothing new. The next Monday: a new digest.
    expect(await sendApiKeyDigest(new Date(monday.getTime() + 6 * DAY + 15 * 60 * MINUTE))).toEqual({
      flagged: 1,
      emailed: 0,
    });
    expect(await db.emailLog.count({ where: { templateKey: "api_key_digest" } })).toBe(2);
    expect(await sendApiKeyDigest(new Date(monday.getTime() + 7 * DAY))).toEqual({ flagged: 1, emailed: 2 });
    await until(() => digests().length === 4, 15_000, "the next week's digests");
    expect(received.some((r) => r.to.includes(disabledOwner.email))).toBe(false);
  });
});

describe("configured thresholds", () => {
  it("flags keys under API_KEY_UNUSED_DAYS and API_KEY_MAX_AGE_DAYS, and lists no revoked key", async () => {
    const now = new Date();
    const idle = await makeKey({ createdAt: daysBefore(30, now), lastUsedAt: daysBefore(20, now) });
    const recent = await makeKey({
      createdAt: daysBefore(30, now),
      lastUsedAt: new Date(daysBefore(20, now).getTime() + MINUTE),
    });
    const aged = await makeKey({ createdAt: daysBefore(60, now), lastUsedAt: now });
    const revoked = await makeKey({ createdAt: daysBefore(100, now), lastUsedAt: null });
    await revokeApiKey.execute(owner, { id: revoked.id });

    const listed = new Map((await listActiveApiKeyFlags(now)).map((k) => [k.id, k.flags]));
    expect(listed.get(idle.id)).toEqual(["Not used for 20 days"]);
    expect(listed.get(recent.id)).toEqual([]);
    expect(listed.get(aged.id)).toEqual(["Created 60 days ago: due for rotation"]);
    expect(listed.has(revoked.id)).toBe(false);
  });
});

describe("rotating a key", () => {
  it("keeps the old key working through its grace period and stops it at that instant, even while remembered", async () => {
    const old = await makeKey();
    expect((await listTenants(old.key)).status).toBe(200);
    const rotated = await rotateApiKey.execute(owner, { id: old.id, graceHours: "24" });
    expect(rotated.oldKeyStopsAt.getTime()).toBeGreaterThan(Date.now() + 24 * 60 * MINUTE - MINUTE);

    expect((await listTenants(old.key)).status).toBe(200);
    expect((await listTenants(rotated.key)).status).toBe(200);
    const replacement = await db.apiKey.findUniqueOrThrow({ where: { id: rotated.id } });
    expect(replacement).toMatchObject({ name: old.name, scopes: ["tenants:read"], revokedAt: null });
    const listed = (await listApiKeys(new Date())).find((k) => k.id === old.id);
    expect(listed).toMatchObject({
      state: "grace",
      flags: [],
      revokedAt: rotated.oldKeyStopsAt,
      rotatedTo: { prefix: replacement.prefix },
    });

    // The grace period ends in 3 s (moved behind the app's back); the key is read and remembered first.
    const end = new Date(Date.now() + 3_000);
    await db.apiKey.update({ where: { id: old.id }, data: { revokedAt: end } });
    forgetVerifiedKeys();
    expect((await listTenants(old.key)).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(end.getTime() - 1);
    expect((await listTenants(old.key)).status).toBe(200);
    vi.setSystemTime(end);
    expect((await listTenants(old.key)).status).toBe(401);
    expect((await listTenants(rotated.key)).status).toBe(200);
  });

  it("with no grace period, stops the old key at once", async () => {
    const old = await makeKey();
    expect((await listTenants(old.key)).status).toBe(200);
    const rotated = await rotateApiKey.execute(owner, { id: old.id, graceHours: 0 });
    expect((await listTenants(old.key)).status).toBe(401);
    expect((await listTenants(rotated.key)).status).toBe(200);
    expect((await listApiKeys(new Date())).find((k) => k.id === old.id)?.state).toBe("revoked");
  });

  it("409 for a key already rotated or revoked; its replacement can be rotated", async () => {
    const old = await makeKey();
    const rotated = await rotateApiKey.execute(owner, { id: old.id, graceHours: 24 });
    await expect(rotateApiKey.execute(owner, { id: old.id, graceHours: 24 })).rejects.toMatchObject({
      code: "CONFLICT",
      status: 409,
      message: expect.stringMatching(/already rotated/),
    });
    const revoked = await makeKey();
    await revokeApiKey.execute(owner, { id: revoked.id });
    await expect(rotateApiKey.execute(owner, { id: revoked.id, graceHours: 24 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/revoked/),
    });
    await expect(rotateApiKey.execute(owner, { id: rotated.id, graceHours: 1 })).resolves.toMatchObject({
      key: expect.stringMatching(/^stw_/),
    });
    await expect(rotateApiKey.execute(owner, { id: "no-such-key", graceHours: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("403 for a reviewer and 400 for a grace period not on the list, changing nothing", async () => {
    const old = await makeKey();
    await expect(rotateApiKey.execute(reviewer, { id: old.id, graceHours: 24 })).rejects.toMatchObject({
      code: "FORBIDDEN",
      status: 403,
    });
    for (const graceHours of [5, "", undefined, "24.5"]) {
      await expect(rotateApiKey.execute(owner, { id: old.id, graceHours })).rejects.toMatchObject({
        code: "VALIDATION",
        fields: { graceHours: ["Choose how long the old key keeps working: 0, 1, 24, 72 or 168 hours"] },
      });
    }
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      revokedAt: null,
      rotatedToId: null,
    });
  });

  it("revoking a key in its grace period stops it now; revoking it again is refused", async () => {
    const old = await makeKey();
    await rotateApiKey.execute(owner, { id: old.id, graceHours: 168 });
    expect((await listTenants(old.key)).status).toBe(200);
    const before = Date.now();
    await revokeApiKey.execute(owner, { id: old.id });
    expect((await listTenants(old.key)).status).toBe(401);
    expect(
      (await db.apiKey.findUniqueOrThrow({ where: { id: old.id } })).revokedAt!.getTime(),
    ).toBeLessThanOrEqual(Date.now());
    expect(
      (await db.apiKey.findUniqueOrThrow({ where: { id: old.id } })).revokedAt!.getTime(),
    ).toBeGreaterThanOrEqual(before);
    await expect(revokeApiKey.execute(owner, { id: old.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This key is already revoked.",
    });
  });

  it("audits the rotation with both keys' names and prefixes, never a secret", async () => {
    const old = await makeKey();
    const rotated = await rotateApiKey.execute(owner, { id: old.id, graceHours: 72 });
    const newPrefix = (await db.apiKey.findUniqueOrThrow({ where: { id: rotated.id } })).prefix;
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "apiKey.rotated", entityId: old.id },
    });
    expect(audit).toMatchObject({
      actorId: owner.id,
      entityType: "apiKey",
      before: { name: old.name, prefix: old.prefix },
      after: {
        id: rotated.id,
        name: old.name,
        prefix: newPrefix,
        oldKeyStopsAt: rotated.oldKeyStopsAt.toISOString(),
        graceHours: 72,
      },
    });
    const everything = JSON.stringify(await db.auditLog.findMany());
    expect(everything).not.toContain(secretOf(old.key));
    expect(everything).not.toContain(secretOf(rotated.key));
  });
});
