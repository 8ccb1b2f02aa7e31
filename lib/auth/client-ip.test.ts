import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe("clientIp", () => {
  afterEach(() => void delete process.env.STEWARD_TRUSTED_PROXY_HOPS);

  it("trusts only the entry the nearest proxy appended", () => {
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("walks further left for each trusted hop", () => {
    process.env.STEWARD_TRUSTED_PROXY_HOPS = "2";
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
  });

  it("falls back to X-Real-IP, then to unknown", () => {
    expect(clientIp(headers({ "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(headers({}))).toBe("unknown");
  });
});
