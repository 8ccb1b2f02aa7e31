// A server action's oversized body is refused before Next.js reads it (it would answer 500). Every
// page gets a fresh CSP nonce (Next.js reads it from the request's policy and puts it on its
// scripts), and, except the login page itself, the address that was asked for, so a signed-out
// visitor sent to the login page comes back to it. Authorization stays in the pages.
import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/app/_server/requested-path";
import { contentSecurityPolicy } from "@/lib/security/headers";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "@/lib/security/request-limits";

export function proxy(request: NextRequest) {
  if (
    request.headers.has("next-action") &&
    Number(request.headers.get("content-length") ?? 0) > SERVER_ACTION_BODY_LIMIT_BYTES
  ) {
    const message = `The form is larger than ${SERVER_ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB.`;
    return NextResponse.json({ error: { code: "TOO_LARGE", message } }, { status: 413 });
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", policy);
  if (request.nextUrl.pathname === "/login") forwarded.delete(REQUESTED_PATH_HEADER);
  else forwarded.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Pages only: API routes and Next's own files carry no scripts to protect.
export const config = { matcher: ["/((?!api/|_next/|favicon.ico).*)"] };
