import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * The header Steward's own web server (scripts/web-server.ts) and decision server set to the
 * client address they worked out; whatever a client sends under this name is overwritten.
 */
export const CLIENT_ADDRESS_HEADER = "x-steward-remote-addr";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type TrustedProxies = readonly Range[];

function parseRange(entry: string): Range {
  if (entry.includes("/")) return ipaddr.parseCIDR(entry);
  const address = ipaddr.parse(entry);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

/** TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (IPv4 or IPv6); empty trusts no proxy. */
export const trustedProxiesSchema = z
  .string()
  .default("")
  .transform((value, ctx): TrustedProxies => {
    const ranges: Range[] = [];
    for (const entry of value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)) {
      try {
        ranges.push(parseRange(entry));
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`,
        });
      }
    }
    return ranges;
  });

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  return trustedProxiesSchema.parse(value);
}

/** An address as ipaddr.js reads it, IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as plain IPv4; null when unreadable. */
function readAddress(value: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(value);
  } catch {
    return null;
  }
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, trusted: TrustedProxies): boolean {
  return trusted.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/**
 * The client's address as Express's `trust proxy` works it out: start from the peer that opened the
 * connection and, while that hop is a trusted proxy, step one entry left in X-Forwarded-For (each
 * proxy appends the address it saw). The first untrusted hop is the client; entries further left
 * were written by the client and are never believed.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string {
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  let current = readAddress(peer ?? "");
  if (!current) return "unknown";
  while (isTrusted(current, trusted) && chain.length) {
    const next = readAddress(chain.pop()!);
    if (!next) break;
    current = next;
  }
  return current.toString();
}

/**
 * Overwrites the request's client address header, and its X-Forwarded-For with that one address,
 * before the application sees the request: nothing a client sends can set either.
 */
export function stampClientAddress(request: IncomingMessage, trusted: TrustedProxies): string {
  const forwarded = request.headers["x-forwarded-for"];
  const address = resolveClientAddress(
    request.socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    trusted,
  );
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  request.headers["x-forwarded-for"] = address;
  return address;
}
