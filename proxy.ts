// Tells the pages which address was asked for, so a signed-out visitor sent to the login page comes
// back to it (a link in an alert email opens the item it names). Authorization stays in the pages.
import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/app/_server/requested-path";

export function proxy(request: NextRequest) {
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers: forwarded } });
}

// Pages only: API routes, Next's own files and the login page have no use for it.
export const config = { matcher: ["/((?!api/|_next/|login|favicon.ico).*)"] };
