import { headers } from "next/headers";

/** Set by `proxy.ts` on every page request (and overwritten there, so a client cannot choose it). */
export const REQUESTED_PATH_HEADER = "x-steward-requested-path";

/** The login page, asked to return to the page requested (the login form follows same-site targets only). */
export async function loginPathBackHere(): Promise<string> {
  const requested = (await headers()).get(REQUESTED_PATH_HEADER);
  return requested && requested !== "/" ? `/login?callbackUrl=${encodeURIComponent(requested)}` : "/login";
}
