/**
 * The client address as seen through the reverse proxy in front of Steward: the first
 * X-Forwarded-For entry, then X-Real-IP. Deploy behind a proxy that sets these headers.
 */
export function clientIp(header: (name: string) => string | null | undefined): string {
  const forwarded = header("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || header("x-real-ip")?.trim() || "unknown";
}
