import { headers } from "next/headers";

/** Set by `proxy.ts` on every page request (and overwritten there, so a client cannot choose it). */
export const REQUESTED_PATH_HEADER = "x-steward-requested-path";

/** The login page, asked to return to the page requested (a path on this site only). */
export async function loginPathBackHere(): Promise<string> {
  const requested = (await headers()).get(REQUESTED_PATH_HEADER) ?? "/";
  const sameSite = requested.startsWith("/") && !requested.startsWith("//") && !requested.startsWith("/\\");
  return sameSite && requested !== "/" ? `/login?callbackUrl=${encodeURIComponent(requested)}` : "/login";
}
