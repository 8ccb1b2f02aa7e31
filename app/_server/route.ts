import { NextResponse } from "next/server";
import { errorResponseBody } from "@/lib/error-response";
import { assertRole } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { routeOf, startRequestTimer } from "@/lib/observability/http-metrics";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import type { Role } from "@/lib/generated/prisma/enums";

type Handler = (request: Request, actor: Actor) => Promise<Response>;

/** The single error mapping of every route: expected errors keep their status, the rest is a logged 500. */
export function errorResponse(error: unknown, request: Request): Response {
  const { status, body } = errorResponseBody(error, { path: new URL(request.url).pathname });
  // A dependency not answering (503) is worth another try shortly.
  return NextResponse.json(body, { status, headers: status === 503 ? { "Retry-After": "5" } : undefined });
}

/** A route for signed-in people holding one of `roles`. */
export function sessionRoute(roles: readonly Role[], handler: Handler) {
  return async (request: Request) => {
    const done = startRequestTimer(routeOf(request), request.method);
    try {
      // Loaded on first use, so plain Node (benches, scripts) can load machine routes without next-auth.
      const { currentActor } = await import("./session");
      const actor = await currentActor();
      assertRole(actor, roles);
      return done(await handler(request, actor));
    } catch (error) {
      return done(errorResponse(error, request));
    }
  };
}

/** A machine route (under /api/v1, and /api/metrics): `Authorization: Bearer <key>` with `scope`. */
export function apiKeyRoute(scope: ApiKeyScope, handler: Handler) {
  return async (request: Request) => {
    const done = startRequestTimer(routeOf(request), request.method);
    try {
      const actor = await authenticateApiKey(
        request.headers.get("authorization"),
        scope,
        clientIp((n) => request.headers.get(n)),
      );
      return done(await handler(request, actor));
    } catch (error) {
      return done(errorResponse(error, request));
    }
  };
}
