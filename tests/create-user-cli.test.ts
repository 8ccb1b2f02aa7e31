import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";

const cli = (args: string[], stdin: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/create-user.ts", ...args], {
    input: stdin,
    encoding: "utf8",
    env: process.env,
  });

describe("npm run user:create", () => {
  it("creates an owner with the password read from stdin", async () => {
    const result = cli(
      ["--email", "First.Owner@example.test", "--role", "owner", "--name", "First Owner"],
      "a strong first password\n",
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Created OWNER First.Owner@example.test.");
    const { passwordHash, role } = await db.user.findUniqueOrThrow({
      where: { email: "first.owner@example.test" },
      select: { passwordHash: true, role: true },
    });
    expect(role).toBe("OWNER");
    expect(await verifyPassword("a strong first password", passwordHash)).toBe(true);
  });

  it("explains bad input in plain words and exits non-zero", () => {
    const badRole = cli(["--email", "x@example.test", "--role", "ADMIN"], "a strong first password\n");
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toBe("Some fields are invalid.\n  role: Choose OWNER, REVIEWER or VIEWER\n");
    const missing = cli(["--email", "x@example.test"], "");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Usage: npm run user:create -- --email");
  });
});
