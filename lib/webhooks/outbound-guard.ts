import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** True for an address on the public internet: not private, loopback, link-local, reserved or the like. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

export class PrivateTargetError extends Error {}

/**
 * A DNS lookup for outgoing webhooks that refuses non-public addresses. The check runs on the
 * address the socket then connects to, so a name that resolves to a private address (or changes to
 * one after the endpoint was saved) is refused too.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0)
      return callback(new PrivateTargetError(`${hostname} resolves to a private address`), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** Why a URL may not receive webhooks, or null. Literal addresses are judged here; names at connect time. */
export function refusedTarget(url: URL, allowPrivate: boolean): string | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an http or https URL";
  if (url.username || url.password) return "Leave credentials out of the URL";
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost"))
    return "Private and loopback addresses are refused";
  if (isIP(host) && !isPublicAddress(host)) return "Private and loopback addresses are refused";
  return null;
}
