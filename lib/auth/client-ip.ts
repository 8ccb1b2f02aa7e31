/**
 * The client address as recorded by the reverse proxies in front of Steward. Each proxy appends
 * the address it saw to X-Forwarded-For, so only the entries it added can be trusted: the one
 * `STEWARD_TRUSTED_PROXY_HOPS` (default 1) from the right. Anything to its left was sent by the client.
 */
export function clientIp(header: (name: string) => string | null | undefined): string {
  const hops = Math.max(1, Number(process.env.STEWARD_TRUSTED_PROXY_HOPS) || 1);
  const chain = (header("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? chain[0] ?? header("x-real-ip")?.trim() ?? "unknown";
}
