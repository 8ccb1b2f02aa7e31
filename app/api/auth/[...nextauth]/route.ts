// next-auth's sign-in, sign-out and session endpoints; a sign-in attempt first passes Steward's own
// per-address limit (Settings > Own limits), answered with RateLimit-* headers.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { clientIp } from "@/lib/auth/client-ip";
import { checkOwnLimit, ownLimitHeaders } from "@/lib/rate-limits/own-limits";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

async function POST(request: Request, context: Context): Promise<Response> {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return handler(request, context);
  const answer = await checkOwnLimit(
    "sign_in",
    clientIp((name) => request.headers.get(name)),
  );
  const headers = ownLimitHeaders(answer);
  if (answer && !answer.allowed) {
    const message = `Too many sign-in attempts from your address. Try again in ${answer.retryAfterSeconds} s.`;
    // next-auth's client reads the message from `url`'s error parameter.
    const url = new URL("/login", process.env.NEXTAUTH_URL ?? request.url);
    url.searchParams.set("error", message);
    return NextResponse.json(
      { url: url.toString(), error: { code: "RATE_LIMITED", message } },
      { status: 429, headers },
    );
  }
  const response: Response = await handler(request, context);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export { handler as GET, POST };
