import { CLIENT_ADDRESS_HEADER } from "./trusted-proxies";

/**
 * The client address of a request, as Steward's web server or decision server worked it out from
 * the connection and the trusted proxies' X-Forwarded-For (trusted-proxies.ts). Nothing else is read:
 * any forwarded header a client sends itself could name any address.
 */
export function clientIp(header: (name: string) => string | null | undefined): string {
  return header(CLIENT_ADDRESS_HEADER)?.trim() || "unknown";
}
