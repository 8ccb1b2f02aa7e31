import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signInWithPassword, type SignInDeps } from "@/lib/auth/sign-in";
import { THROTTLE_POLICY } from "@/lib/auth/login-throttle";
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
    expect(await db.loginThrottle.findUnique({ where: { key: `email:${user.email}` } })).toBeNull();
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

  it("slows repeated failures, then locks the email for 15 minutes, and audits the lock", async () => {
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    const { deps, slept, advance } = testDeps();
    const attempt = (password: string, n: number) =>
      signInWithPassword({ email: user.email, password, ip: ip(10 + n) }, deps);

    for (let n = 0; n < THROTTLE_POLICY.limits.email - 1; n++)
      await expect(attempt("nope-nope-nope", n)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(attempt("nope-nope-nope", 9)).rejects.toMatchObject({
      code: "LOCKED",
      message: "Too many failed sign-ins. Try again in 15 minutes.",
    });
    expect(slept).toEqual([0, 0, 0, 250, 500]);

    // Locked: even the right password is refused, until the lock expires.
    await expect(attempt("correct horse battery", 20)).rejects.toMatchObject({ code: "LOCKED" });
    advance(THROTTLE_POLICY.lockMs + 1_000);
    await expect(attempt("correct horse battery", 21)).resolves.toMatchObject({ id: user.id });

    const audit = await db.auditLog.groupBy({
      by: ["action"],
      where: { actorLabel: user.email },
      _count: { _all: true },
    });
    expect(Object.fromEntries(audit.map((a) => [a.action, a._count._all]))).toEqual({
      "auth.login_failed": 5,
      "auth.locked": 1,
      "auth.login_refused_locked": 1,
      "auth.login": 1,
    });
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

  it("checks at most the limit's worth of passwords in a concurrent burst", async () => {
    const { user } = await makeUser("OWNER", { password: "correct horse battery" });
    const { deps } = testDeps();
    const guesses = Array.from({ length: 30 }, (_, n) =>
      n === 29 ? "correct horse battery" : `guess-number-${n}`,
    );
    const results = await Promise.allSettled(
      guesses.map((password, n) =>
        signInWithPassword({ email: user.email, password, ip: ip(150 + (n % 50)) }, deps),
      ),
    );
    const codes = results.map((r) => (r.status === "fulfilled" ? "OK" : (r.reason as { code: string }).code));
    expect(codes).not.toContain("OK");
    expect(codes.filter((c) => c === "UNAUTHENTICATED").length).toBeLessThanOrEqual(
      THROTTLE_POLICY.limits.email,
    );
    expect(
      await db.auditLog.count({ where: { entityId: user.id, action: "auth.login_failed" } }),
    ).toBeLessThanOrEqual(THROTTLE_POLICY.limits.email);
  });

  it("records an unknown email only as a digest", async () => {
    await expect(
      signInWithPassword({ email: "my-secret-password", password: "x", ip: ip(77) }, testDeps().deps),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const entry = await db.auditLog.findFirstOrThrow({ where: { ip: ip(77), action: "auth.login_failed" } });
    expect(entry.actorLabel).toMatch(/^unknown-email:[0-9a-f]{12}$/);
  });
});
