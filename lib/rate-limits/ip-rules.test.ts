import { describe, expect, it } from "vitest";
import { compileIpRules, parseCidr, parseIp, type IpListEntry, type ParsedIp } from "./ip-rules";

function ip(text: string): ParsedIp {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`test address '${text}' did not parse`);
  return parsed;
}

function canonical(text: string) {
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.value.canonical : parsed.message;
}

const allow = (...cidrs: string[]): IpListEntry[] => cidrs.map((cidr) => ({ cidr, list: "allow" }));
const deny = (...cidrs: string[]): IpListEntry[] => cidrs.map((cidr) => ({ cidr, list: "deny" }));

describe("parseIp", () => {
  it("reads IPv4 and IPv6 addresses, ignoring surrounding whitespace", () => {
    expect(parseIp(" 10.0.0.1 ")).toEqual({ version: 4, value: 0x0a000001n });
    expect(parseIp("::1")).toEqual({ version: 6, value: 1n });
    expect(parseIp("2001:DB8::")).toEqual({ version: 6, value: 0x20010db8n << 96n });
  });

  it("turns IPv4-mapped IPv6 addresses into IPv4", () => {
    expect(parseIp("::ffff:1.2.3.4")).toEqual({ version: 4, value: 0x01020304n });
    expect(parseIp("::FFFF:0102:0304")).toEqual({ version: 4, value: 0x01020304n });
    // Other embedded IPv4 forms are plain IPv6.
    expect(parseIp("64:ff9b::1.2.3.4")?.version).toBe(6);
  });

  it("rejects zone ids and anything malformed", () => {
    for (const bad of ["fe80::1%eth0", "", "unknown", "10.0.0.256", "10.0.0.1/32", "1::2::3"])
      expect(parseIp(bad)).toBeNull();
  });
});

describe("parseCidr", () => {
  it("treats a bare address as a single host", () => {
    expect(parseCidr("10.0.0.1")).toEqual({
      ok: true,
      value: { version: 4, network: 0x0a000001n, prefix: 32, canonical: "10.0.0.1/32" },
    });
    expect(canonical("::1")).toBe("::1/128");
  });

  it("canonicalises IPv6 as RFC 5952 does", () => {
    expect(canonical("::/0")).toBe("::/0");
    expect(canonical("2001:db8::/32")).toBe("2001:db8::/32");
    expect(canonical("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1/128");
    expect(canonical("2001:0db8:0000:0000:0001:0000:0000:0001")).toBe("2001:db8::1:0:0:1/128"); // first run on a tie
    expect(canonical("2001:db8:0:1:0:0:0:1")).toBe("2001:db8:0:1::1/128"); // longest run
    expect(canonical("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1/128"); // a single zero group stays
    expect(canonical("1:2:3:4:5:6:7::")).toBe("1:2:3:4:5:6:7:0/128");
  });

  it("turns IPv4-mapped ranges of /96 or longer into IPv4", () => {
    expect(parseCidr("::ffff:10.0.0.0/104")).toEqual({
      ok: true,
      value: { version: 4, network: 0x0a000000n, prefix: 8, canonical: "10.0.0.0/8" },
    });
    expect(canonical("::ffff:0:0/96")).toBe("0.0.0.0/0");
  });

  it("suggests the network when host bits are set", () => {
    expect(parseCidr("10.0.0.1/8")).toEqual({
      ok: false,
      message: "'10.0.0.1/8' has host bits set; did you mean 10.0.0.0/8?",
    });
    expect(parseCidr("2001:db8::1/32")).toEqual({
      ok: false,
      message: "'2001:db8::1/32' has host bits set; did you mean 2001:db8::/32?",
    });
  });

  it.each([
    ["", "Enter an IP address or CIDR range"],
    ["10.0.0.300", "'10.0.0.300' is not an IPv4 or IPv6 address"],
    ["010.0.0.1", "'010.0.0.1' is not an IPv4 or IPv6 address"],
    ["10.0.0", "'10.0.0' is not an IPv4 or IPv6 address"],
    ["10.0. 0.1", "'10.0. 0.1' is not an IPv4 or IPv6 address"],
    ["1::2::3", "'1::2::3' is not an IPv4 or IPv6 address"],
    ["2001:db8::12345", "'2001:db8::12345' is not an IPv4 or IPv6 address"],
    ["1:2:3:4:5:6:7:8:9", "'1:2:3:4:5:6:7:8:9' is not an IPv4 or IPv6 address"],
    ["1:2:3:4:5:6:7:8::", "'1:2:3:4:5:6:7:8::' is not an IPv4 or IPv6 address"],
    ["fe80::1%eth0/64", "'fe80::1%eth0' is not an IPv4 or IPv6 address"],
    ["10.0.0.0/33", "Prefix must be 0–32 for IPv4"],
    ["10.0.0.0/08", "Prefix must be 0–32 for IPv4"],
    ["10.0.0.0/+8", "Prefix must be 0–32 for IPv4"],
    ["10.0.0.0/", "Prefix must be 0–32 for IPv4"],
    ["2001:db8::/129", "Prefix must be 0–128 for IPv6"],
  ])("rejects %j", (input, message) => {
    expect(parseCidr(input)).toEqual({ ok: false, message });
  });
});

describe("compileIpRules", () => {
  it("matches IPv4 /32, /24 and /0 at their boundaries", () => {
    const host = compileIpRules(allow("10.0.0.1"));
    expect(host.match(ip("10.0.0.1"))).toBe("allow");
    expect(host.match(ip("10.0.0.0"))).toBeNull();
    expect(host.match(ip("10.0.0.2"))).toBeNull();

    const net = compileIpRules(deny("192.168.1.0/24"));
    expect(net.match(ip("192.168.1.0"))).toBe("deny");
    expect(net.match(ip("192.168.1.255"))).toBe("deny");
    expect(net.match(ip("192.168.0.255"))).toBeNull();
    expect(net.match(ip("192.168.2.0"))).toBeNull();

    const all = compileIpRules(deny("0.0.0.0/0"));
    for (const address of ["0.0.0.0", "127.0.0.1", "255.255.255.255"])
      expect(all.match(ip(address))).toBe("deny");
  });

  it("matches IPv6 /128, /64 and /0 at their boundaries", () => {
    const host = compileIpRules(allow("2001:db8::1"));
    expect(host.match(ip("2001:db8:0:0::1"))).toBe("allow");
    expect(host.match(ip("2001:db8::"))).toBeNull();
    expect(host.match(ip("2001:db8::2"))).toBeNull();

    const net = compileIpRules(deny("2001:db8:0:1::/64"));
    expect(net.match(ip("2001:db8:0:1::"))).toBe("deny");
    expect(net.match(ip("2001:db8:0:1:ffff:ffff:ffff:ffff"))).toBe("deny");
    expect(net.match(ip("2001:db8:0:0:ffff:ffff:ffff:ffff"))).toBeNull();
    expect(net.match(ip("2001:db8:0:2::"))).toBeNull();

    const all = compileIpRules(allow("::/0"));
    for (const address of ["::", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"])
      expect(all.match(ip(address))).toBe("allow");
  });

  it("lets the longest prefix win, and deny win a tie", () => {
    const rules = compileIpRules([...allow("10.1.2.0/24", "10.9.9.9"), ...deny("10.1.2.3", "10.9.0.0/16")]);
    expect(rules.match(ip("10.1.2.3"))).toBe("deny");
    expect(rules.match(ip("10.1.2.4"))).toBe("allow");
    expect(rules.match(ip("10.9.9.9"))).toBe("allow");
    expect(rules.match(ip("10.9.9.8"))).toBe("deny");

    for (const entries of [
      [...allow("10.0.0.0/8"), ...deny("10.0.0.0/8")],
      [...deny("10.0.0.0/8"), ...allow("10.0.0.0/8")],
    ]) {
      expect(compileIpRules(entries).match(ip("10.1.1.1"))).toBe("deny");
    }
  });

  it("matches IPv4-mapped client addresses against IPv4 rules", () => {
    const rules = compileIpRules([...deny("203.0.113.0/24"), ...allow("::ffff:198.51.100.7")]);
    expect(rules.match(ip("::ffff:203.0.113.9"))).toBe("deny");
    expect(rules.match(ip("::ffff:c633:6407"))).toBe("allow");
    expect(rules.match(ip("198.51.100.7"))).toBe("allow");
  });

  it("keeps IPv4 and IPv6 apart", () => {
    expect(compileIpRules(deny("0.0.0.0/0")).match(ip("::1"))).toBeNull();
    expect(compileIpRules(deny("::/0")).match(ip("10.0.0.1"))).toBeNull();
    // ::a00:1 is 10.0.0.1 written in the deprecated IPv4-compatible form, not an IPv4 address.
    expect(compileIpRules(deny("10.0.0.1")).match(ip("::a00:1"))).toBeNull();
  });

  it("counts distinct entries and rejects invalid ones", () => {
    expect(
      compileIpRules([...allow("10.0.0.1", "10.0.0.1/32", "::ffff:10.0.0.1"), ...deny("10.0.0.1")]).size,
    ).toBe(2);
    expect(() => compileIpRules(allow("10.0.0.1/8"))).toThrow("Invalid IP rule '10.0.0.1/8'");
  });

  it("agrees with a linear scan on thousands of random entries", () => {
    const random = mulberry32(0x5eed);
    const int = (below: number) => Math.floor(random() * below);
    const list = (): IpListEntry["list"] => (random() < 0.5 ? "allow" : "deny");
    const ipv4 = (value: number) =>
      [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");

    // Everything inside 10.0.0.0/12 and 2001:db8:0-7ff::/37, so that random addresses often hit a rule.
    const v4 = Array.from({ length: 5_000 }, () => {
      const prefix = random() < 0.5 ? 24 : 32;
      const network = prefix === 24 ? 0x0a000000 + int(4096) * 256 : 0x0a000000 + int(1 << 20);
      return { network, prefix, list: list() };
    });
    const v6 = Array.from({ length: 1_000 }, () => {
      const group = int(2048).toString(16);
      return { cidr: `2001:db8:${group}::/48`, network: ip(`2001:db8:${group}::`).value, list: list() };
    });
    const rules = compileIpRules([
      ...v4.map(({ network, prefix, list }) => ({ cidr: `${ipv4(network)}/${prefix}`, list })),
      ...v6.map(({ cidr, list }) => ({ cidr, list })),
    ]);

    const naive = (hits: { prefix: number; list: IpListEntry["list"] }[]) => {
      const longest = Math.max(-1, ...hits.map((hit) => hit.prefix));
      const verdicts = hits.filter((hit) => hit.prefix === longest).map((hit) => hit.list);
      return verdicts.includes("deny") ? "deny" : (verdicts[0] ?? null);
    };
    const seen = { allow: 0, deny: 0, none: 0 };
    for (let i = 0; i < 2_000; i++) {
      let address: string;
      let expected: IpListEntry["list"] | null;
      if (i % 4 === 3) {
        address = `2001:db8:${int(2048).toString(16)}:${int(65536).toString(16)}::${int(65536).toString(16)}`;
        const value = ip(address).value;
        expected = naive(
          v6.filter((rule) => value >> 80n === rule.network >> 80n).map((rule) => ({ ...rule, prefix: 48 })),
        );
      } else {
        const value = i % 4 === 2 ? v4[int(v4.length)].network : 0x0a000000 + int(1 << 20);
        address = ipv4(value);
        expected = naive(
          v4.filter(
            (rule) =>
              Math.floor(value / 2 ** (32 - rule.prefix)) ===
              Math.floor(rule.network / 2 ** (32 - rule.prefix)),
          ),
        );
      }
      const actual = rules.match(ip(address));
      expect(actual, address).toBe(expected);
      seen[actual ?? "none"]++;
    }
    // Each outcome is common enough for the comparison to mean something.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(200);
  });
});

/** A small seeded PRNG, so the random test is the same on every run. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
