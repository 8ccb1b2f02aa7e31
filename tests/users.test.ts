import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users/create-user";
import { updateUser } from "@/lib/users/update-user";
import { verifyPassword } from "@/lib/auth/password";
import { makeUser } from "./setup/fixtures";

describe("users", () => {
  it("creates a user with a scrypt hash that never leaves the database by default", async () => {
    const { actor: owner } = await makeUser("OWNER");
    const { id } = await createUser.execute(owner, {
      email: " New.Reviewer@Example.test ",
      name: "New",
      role: "REVIEWER",
      password: "a long enough secret",
    });
    const user = await db.user.findUniqueOrThrow({ where: { id } });
    expect(user).not.toHaveProperty("passwordHash");
    expect(user.email).toBe("new.reviewer@example.test");
    const { passwordHash } = await db.user.findUniqueOrThrow({
      where: { id },
      select: { passwordHash: true },
    });
    expect(passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("a long enough secret", passwordHash)).toBe(true);
    expect(await verifyPassword("a long enough secreT", passwordHash)).toBe(false);
    await expect(
      createUser.execute(owner, {
        email: "new.reviewer@example.test",
        name: "Again",
        role: "REVIEWER",
        password: "a long enough secret",
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      fields: { email: ["This email already has an account"] },
    });
    await expect(
      createUser.execute(owner, {
        email: "short@example.test",
        name: "S",
        role: "REVIEWER",
        password: "short",
      }),
    ).rejects.toMatchObject({ fields: { password: ["Use at least 12 characters"] } });
  });

  it("refuses passwords that are long enough but easy to guess, saying why", async () => {
    const { actor: owner } = await makeUser("OWNER");
    const attempt = (email: string, password: string) =>
      createUser.execute(owner, { email, name: "Dana Whitfield", role: "REVIEWER", password });
    for (const [password, why] of [
      ["password1234", /commonly used password/],
      ["qwertyuiop123", /commonly used password/],
      ["dana.whitfield@example.test", /personal/],
      ["aaaaaaaaaaaaaaaa", /repeated|easy to guess/i],
    ] as const) {
      const refusal = await attempt("dana.whitfield@example.test", password).catch((error: unknown) => error);
      expect(refusal, password).toMatchObject({ code: "VALIDATION" });
      expect((refusal as { fields: Record<string, string[]> }).fields.password[0], password).toMatch(why);
    }
    expect(await db.user.count({ where: { email: "dana.whitfield@example.test" } })).toBe(0);
    await expect(attempt("dana.whitfield@example.test", "lantern orbit saffron")).resolves.toBeDefined();
  });

  it("always keeps one enabled owner and never lets an owner disable themselves", async () => {
    await db.user.updateMany({ where: { role: "OWNER" }, data: { disabled: true } });
    const { actor: owner, user } = await makeUser("OWNER");
    const { user: other } = await makeUser("OWNER");
    await expect(updateUser.execute(owner, { id: user.id, disabled: true })).rejects.toThrow(
      "You cannot disable your own account.",
    );
    await updateUser.execute(owner, { id: other.id, role: "REVIEWER" });
    await expect(updateUser.execute(owner, { id: user.id, role: "REVIEWER" })).rejects.toThrow(
      /last enabled owner/,
    );
    const { actor: third } = await makeUser("OWNER");
    const race = await Promise.allSettled([
      updateUser.execute(owner, { id: third.id!, role: "REVIEWER" }),
      updateUser.execute(third, { id: owner.id!, role: "REVIEWER" }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.user.count({ where: { role: "OWNER", disabled: false } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "user.updated", entityId: other.id },
    });
    expect(audit).toMatchObject({
      before: { role: "OWNER", disabled: false },
      after: { role: "REVIEWER", disabled: false },
      actorLabel: owner.label,
    });
  });
});
