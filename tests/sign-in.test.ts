import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signInWithPassword, type SignInDeps } from "@/lib/auth/sign-in";
import { THROTTLE_POLICY, throttleKeys } from "@/lib/auth/login-throttle";
import { makeUser } from "./setup/fixtures";

/** A controllable clock, and a sleep that records what it was asked to wait instead of waiting. */
function testDeps(start = new Date("2026-11-23T10:00:00Z")) {
  let now = start;
  const slept: number[] = [];
  const deps: SignInDeps = { now: () => now, sleep: async (ms) => void slept.push(ms) };
  return { deps, slept, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const ip = (n: number) => `198.51.100.${n}`;

describe("signing in", () => {
  it("accepts the right password, records the login and clears earlier failures", async () => {
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    const { deps } = testDeps();
    await expect(
      signInWithPassword({ email: user.email, password: "wrong password!", ip: ip(1) }, deps),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const signedIn = await signInWithPassword(
      { email: user.email.toUpperCase(), password: "correct horse battery", ip: ip(1) },
      deps,
    );
    expect(signedIn).toEqual({ id: user.id, email: user.email, name: user.name, role: "OWNER" });
    const keys = throttleKeys(user.email, ip(1));
    expect(await db.loginThrottle.count({ where: { key: { in: [keys.account, keys.pair] } } })).toBe(0);
    const actions = (
      await db.auditLog.findMany({ where: { entityId: user.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["auth.login_failed", "auth.login"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toEqual(deps.now());
  });

  it("gives the same answer for an unknown email as for a wrong password", async () => {
    const { user } = await makeUser("REVIEWER");
    const { deps } = testDeps();
    await expect(
      signInWithPassword({ email: "nobody@example.test", password: "whatever-123", ip: ip(2) }, deps),
    ).rejects.toThrow("Email or password is incorrect.");
    await expect(
      signInWithPassword({ email: user.email, password: "whatever-123", ip: ip(2) }, deps),
    ).rejects.toThrow("Email or password is incorrect.");
  });

  it("refuses a disabled account even with the right password", async () => {
    const { user } = await makeUser("OWNER", { disabled: true, password: "correct horse battery" });
    await expect(
      signInWithPassword(
        { email: user.email, password: "correct horse battery", ip: ip(3) },
        testDeps().deps,
      ),
    ).rejects.toThrow("Email or password is incorrect.");
    const entry = await db.auditLog.findFirstOrThrow({
      where: { entityId: user.id, action: "auth.login_failed" },
    });
    expect(entry.after).toMatchObject({ reason: "disabled" });
  });

  it("slows repeated failures, then locks out the address that made them for 15 minutes, and audits the lock", async () => {
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    const { deps, slept, advance } = testDeps();
    const attempt = (password: string, address: string) =>
      signInWithPassword({ email: user.email, password, ip: address }, deps);

    for (let n = 0; n < THROTTLE_POLICY.limits.pair - 1; n++)
      await expect(attempt("nope-nope-nope", ip(10))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(attempt("nope-nope-nope", ip(10))).rejects.toMatchObject({
      code: "LOCKED",
      message: "Too many failed sign-ins. Try again in 15 minutes.",
    });
    expect(slept).toEqual([0, 0, 0, 250, 500]);

    // That address is locked out, even with the right password, until the lock expires...
    await expect(attempt("correct horse battery", ip(10))).rejects.toMatchObject({ code: "LOCKED" });
    // ...but the owner signing in from elsewhere is only slowed down, never kept out.
    await expect(attempt("correct horse battery", ip(11))).resolves.toMatchObject({ id: user.id });
    expect(slept.at(-1)).toBe(2_000);
    advance(THROTTLE_POLICY.lockMs + 1_000);
    await expect(attempt("correct horse battery", ip(10))).resolves.toMatchObject({ id: user.id });

    const audit = await db.auditLog.groupBy({
      by: ["action"],
      where: { actorLabel: user.email },
      _count: { _all: true },
    });
    expect(Object.fromEntries(audit.map((a) => [a.action, a._count._all]))).toEqual({
      "auth.login_failed": 5,
      "auth.locked": 1,
      "auth.login_refused_locked": 1,
      "auth.login": 2,
    });
  });

  it("failures spread over many addresses never lock the account: its owner still signs in", async () => {
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    const { deps, slept } = testDeps();
    for (let n = 0; n < 3 * THROTTLE_POLICY.limits.pair; n++)
      await expect(
        signInWithPassword({ email: user.email, password: "nope-nope-nope", ip: ip(30 + n) }, deps),
      ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(
      signInWithPassword({ email: user.email, password: "correct horse battery", ip: ip(60) }, deps),
    ).resolves.toMatchObject({ id: user.id });
    expect(Math.max(...slept)).toBe(THROTTLE_POLICY.maxDelayMs);
  });

  it("keeps what was typed as the email out of the throttle table", async () => {
    const typed = `Secret-Looking-${Date.now()}@example.test`;
    await expect(
      signInWithPassword({ email: typed, password: "x", ip: ip(78) }, testDeps().deps),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const keys = (await db.loginThrottle.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys.filter((k) => k.toLowerCase().includes("secret-looking"))).toEqual([]);
    expect(keys).toContain(throttleKeys(typed, ip(78)).pair);
  });

  it("locks an IP that tries many different emails", async () => {
    const { deps } = testDeps();
    const address = ip(99);
    for (let n = 0; n < THROTTLE_POLICY.limits.ip - 1; n++) {
      await expect(
        signInWithPassword({ email: `guess${n}@example.test`, password: "guess-guess-1", ip: address }, deps),
      ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await expect(
      signInWithPassword({ email: "last@example.test", password: "guess-guess-1", ip: address }, deps),
    ).rejects.toMatchObject({ code: "LOCKED" });
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    await expect(
      signInWithPassword({ email: user.email, password: "correct horse battery", ip: address }, deps),
    ).rejects.toMatchObject({ code: "LOCKED" });
  });

  it("checks at most the limit's worth of passwords in a concurrent burst from one address", async () => {
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    const { deps } = testDeps();
    const guesses = Array.from({ length: 30 }, (_, n) =>
      n === 29 ? "correct horse battery" : `guess-number-${n}`,
    );
    const results = await Promise.allSettled(
      guesses.map((password) => signInWithPassword({ email: user.email, password, ip: ip(150) }, deps)),
    );
    const codes = results.map((r) => (r.status === "fulfilled" ? "OK" : (r.reason as { code: string }).code));
    expect(codes).not.toContain("OK");
    expect(codes.filter((c) => c === "UNAUTHENTICATED").length).toBeLessThanOrEqual(
      THROTTLE_POLICY.limits.pair,
    );
    expect(
      await db.auditLog.count({ where: { entityId: user.id, action: "auth.login_failed" } }),
    ).toBeLessThanOrEqual(THROTTLE_POLICY.limits.pair);
  });

  it("records an unknown email only as a digest", async () => {
    await expect(
      signInWithPassword({ email: "my-secret-password", password: "x", ip: ip(77) }, testDeps().deps),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const entry = await db.auditLog.findFirstOrThrow({ where: { ip: ip(77), action: "auth.login_failed" } });
    expect(entry.actorLabel).toMatch(/^unknown-email:[0-9a-f]{12}$/);
  });
});
