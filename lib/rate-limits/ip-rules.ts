// Parsing of IP addresses and CIDR ranges, and a longest-prefix matcher for a tenant's allow- and denylist.
// Matching costs one Map lookup per distinct prefix length in the list, however many entries it has.

/** 4 for IPv4, 6 for IPv6. */
export type IpVersion = 4 | 6;

/** A single address; IPv4-mapped IPv6 addresses are already IPv4. */
export type ParsedIp = { version: IpVersion; value: bigint };

/** A network with its host bits cleared; `canonical` is e.g. "10.0.0.0/8" or "2001:db8::/32". */
export type ParsedCidr = { version: IpVersion; network: bigint; prefix: number; canonical: string };

/** One line of a tenant's list, as stored (validated with `parseCidr` when it was saved). */
export type IpListEntry = { cidr: string; list: "allow" | "deny" };

/** A compiled list: `match` gives the verdict of the longest matching prefix, or null when nothing matches. */
export type IpRules = { match(ip: ParsedIp): "allow" | "deny" | null; size: number };

type Verdict = IpListEntry["list"];

const BITS = { 4: 32, 6: 128 } as const;
// ::ffff:0:0/96 carries IPv4 addresses; they must meet the IPv4 rules, not slip past them as IPv6.
const MAPPED_TAG = 0xffffn;
// Octets without leading zeros: "010" means 8 to some parsers and 10 to others.
const OCTET = "(0|[1-9]\\d{0,2})";
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HEXTET = /^[0-9a-f]{1,4}$/i;
// No "%": zone ids name an interface of the machine that saw the address, which means nothing to us.
const IPV6_CHARS = /^[0-9a-f:.]+$/i;
const PREFIX = /^(0|[1-9]\d{0,2})$/;

function parseIpv4(text: string): number | null {
  const octets = IPV4.exec(text)?.slice(1).map(Number);
  if (!octets || octets.some((octet) => octet > 255)) return null;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** The 16-bit groups of one side of "::"; only the last group of the address may be dotted IPv4. */
function hextets(part: string, ipv4Tail: boolean): number[] | null {
  if (part === "") return [];
  const pieces = part.split(":");
  const groups: number[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (ipv4Tail && i === pieces.length - 1 && piece.includes(".")) {
      const ipv4 = parseIpv4(piece);
      if (ipv4 === null) return null;
      groups.push(ipv4 >>> 16, ipv4 & 0xffff);
    } else if (HEXTET.test(piece)) groups.push(parseInt(piece, 16));
    else return null;
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  if (!IPV6_CHARS.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = hextets(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? hextets(halves[1], true) : [];
  if (!head || !tail) return null;
  const explicit = head.length + tail.length;
  // "::" stands for at least one zero group.
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  const groups = [...head, ...Array<number>(8 - explicit).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** An address exactly as written: mapped IPv6 addresses are left as IPv6. */
function parseAddress(text: string): ParsedIp | null {
  const ipv4 = parseIpv4(text);
  if (ipv4 !== null) return { version: 4, value: BigInt(ipv4) };
  const ipv6 = parseIpv6(text);
  return ipv6 === null ? null : { version: 6, value: ipv6 };
}

const isMapped = (ip: ParsedIp) => ip.version === 6 && ip.value >> 32n === MAPPED_TAG;

function prefixMask(bits: number, prefix: number): bigint {
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (the first on a tie) as "::". */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < 8; i++) {
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > runLength) [runStart, runLength] = [i, end - i];
    i = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (runStart < 0) return hex.join(":");
  return `${hex.slice(0, runStart).join(":")}::${hex.slice(runStart + runLength).join(":")}`;
}

/** An address in canonical form (dotted IPv4, RFC 5952 IPv6), so one client is one key however it was written. */
export function formatIp(ip: ParsedIp): string {
  return ip.version === 4 ? formatIpv4(Number(ip.value)) : formatIpv6(ip.value);
}

/** Parses a client address (surrounding whitespace ignored); IPv4-mapped IPv6 becomes IPv4. Null when malformed or zoned. */
export function parseIp(text: string): ParsedIp | null {
  const ip = parseAddress(text.trim());
  if (!ip || !isMapped(ip)) return ip;
  return { version: 4, value: ip.value & 0xffffffffn };
}

/**
 * Parses "addr" (a single host) or "addr/prefix", surrounding whitespace ignored, into a network, or explains
 * what is wrong with it. Host bits must be clear. An IPv4-mapped range of /96 or longer becomes the IPv4 range.
 */
export function parseCidr(text: string): { ok: true; value: ParsedCidr } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false, message }) as const;
  const input = text.trim();
  if (input === "") return fail("Enter an IP address or CIDR range");
  const slash = input.indexOf("/");
  const addressText = slash < 0 ? input : input.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address) return fail(`'${addressText}' is not an IPv4 or IPv6 address`);
  const bits = BITS[address.version];
  const prefixText = slash < 0 ? String(bits) : input.slice(slash + 1);
  if (!PREFIX.test(prefixText) || Number(prefixText) > bits)
    return fail(`Prefix must be 0–${bits} for IPv${address.version}`);
  const prefix = Number(prefixText);
  const network = address.value & prefixMask(bits, prefix);
  const cidr =
    isMapped(address) && prefix >= 96
      ? { version: 4 as const, network: network & 0xffffffffn, prefix: prefix - 96 }
      : { version: address.version, network, prefix };
  const canonical = `${cidr.version === 4 ? formatIpv4(Number(cidr.network)) : formatIpv6(cidr.network)}/${cidr.prefix}`;
  if (network !== address.value) return fail(`'${input}' has host bits set; did you mean ${canonical}?`);
  return { ok: true, value: { ...cidr, canonical } };
}

/** One prefix length: the mask to apply to an address and the networks of that length on either list. */
type Level<K> = { mask: K; networks: Map<K, Verdict> };

function add<K>(byPrefix: Map<number, Map<K, Verdict>>, prefix: number, network: K, list: Verdict) {
  let networks = byPrefix.get(prefix);
  if (!networks) byPrefix.set(prefix, (networks = new Map()));
  // The same network on both lists is denied.
  if (networks.get(network) !== "deny") networks.set(network, list);
}

// Longest first, so the first hit is the most specific rule.
function levels<K>(byPrefix: Map<number, Map<K, Verdict>>, mask: (prefix: number) => K): Level<K>[] {
  return [...byPrefix]
    .sort(([a], [b]) => b - a)
    .map(([prefix, networks]) => ({ mask: mask(prefix), networks }));
}

// Shifting an int32 by 32 is a shift by 0 in JavaScript, so /0 needs its own case.
const ipv4Mask = (prefix: number) => (prefix === 0 ? 0 : (-1 << (32 - prefix)) >>> 0);

/**
 * Compiles a tenant's list for matching. The longest matching prefix decides, whichever list it is on; the same
 * network on both lists is denied. `size` counts distinct entries (same list and same canonical range).
 * Throws on an entry `parseCidr` rejects.
 */
export function compileIpRules(entries: readonly IpListEntry[]): IpRules {
  // IPv4 networks are numbers: cheaper to mask and hash than bigints.
  const ipv4 = new Map<number, Map<number, Verdict>>();
  const ipv6 = new Map<number, Map<bigint, Verdict>>();
  const distinct = new Set<string>();
  for (const { cidr, list } of entries) {
    const parsed = parseCidr(cidr);
    if (!parsed.ok) throw new Error(`Invalid IP rule '${cidr}': ${parsed.message}`);
    const { version, network, prefix, canonical } = parsed.value;
    if (version === 4) add(ipv4, prefix, Number(network), list);
    else add(ipv6, prefix, network, list);
    distinct.add(`${list} ${canonical}`);
  }
  const ipv4Levels = levels(ipv4, ipv4Mask);
  const ipv6Levels = levels(ipv6, (prefix) => prefixMask(128, prefix));
  return {
    size: distinct.size,
    match(ip) {
      if (ip.version === 4) {
        const address = Number(ip.value);
        for (const { mask, networks } of ipv4Levels) {
          const verdict = networks.get((address & mask) >>> 0);
          if (verdict) return verdict;
        }
      } else {
        for (const { mask, networks } of ipv6Levels) {
          const verdict = networks.get(ip.value & mask);
          if (verdict) return verdict;
        }
      }
      return null;
    },
  };
}
