import { describe, expect, it } from "vitest";
import { sameSitePath } from "./same-site-path";

const ORIGIN = "https://steward.example";

describe("sameSitePath", () => {
  it("keeps a path on this site with its query", () => {
    expect(sameSitePath("/documents?type=dpa", ORIGIN)).toBe("/documents?type=dpa");
    expect(sameSitePath(`${ORIGIN}/tenants`, ORIGIN)).toBe("/tenants");
    expect(sameSitePath(null, ORIGIN)).toBe("/");
  });

  it("never returns a URL that leaves the site, however it is spelled", () => {
    for (const hostile of [
      "//evil.example",
      "/\\evil.example",
      "/.//evil.example",
      "/./\\/evil.example",
      "/..//evil.example/x",
      "https://evil.example/",
      "javascript:alert(1)",
      "http://[::1",
    ]) {
      const path = sameSitePath(hostile, ORIGIN);
      expect(new URL(path, ORIGIN).origin, hostile).toBe(ORIGIN);
      expect(path, hostile).toMatch(/^\/(?![/\\])/);
    }
  });
});
