/**
 * Where to go after signing in: `callbackUrl` when it is a path on this site, else the overview.
 * Parsed with URL, as the browser will read it: "//evil.example", "/\\evil.example" and
 * "/.//evil.example" (whose path normalises to "//evil.example") all name another host.
 */
export function sameSitePath(callbackUrl: string | null, origin: string): string {
  if (!callbackUrl) return "/";
  let target: URL;
  try {
    target = new URL(callbackUrl, origin);
  } catch {
    return "/";
  }
  if (target.origin !== origin) return "/";
  return `${target.pathname.replace(/^\/+/, "/")}${target.search}`;
}
