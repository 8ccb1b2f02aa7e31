import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies, resolveClientAddress } from "./trusted-proxies";

describe("resolveClientAddress", () => {
  it("believes no X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClientAddress("203.0.113.9", "6.6.6.6", parseTrustedProxies(""))).toBe("203.0.113.9");
  });

  it("takes the address a trusted proxy appended, and nothing the client wrote left of it", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.9", trusted)).toBe("203.0.113.9");
  });

  it("walks through a chain of trusted proxies and stops at the first untrusted hop", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.7");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.9, 192.0.2.7", trusted)).toBe("203.0.113.9");
  });

  it("reads IPv4-mapped IPv6 peers as IPv4 and keeps the proxy when the header is missing or junk", () => {
    const trusted = parseTrustedProxies("127.0.0.1");
    expect(resolveClientAddress("::ffff:127.0.0.1", "198.51.100.4", trusted)).toBe("198.51.100.4");
    expect(resolveClientAddress("::ffff:127.0.0.1", undefined, trusted)).toBe("127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "not-an-ip", trusted)).toBe("127.0.0.1");
  });

  it("refuses an entry that is neither an address nor a range", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8,proxy.example")).toThrow(/proxy.example/);
  });
});

describe("clientIp", () => {
  it("reads only the address Steward's server stamped", () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    expect(clientIp(headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.7" }))).toBe("unknown");
  });
});
