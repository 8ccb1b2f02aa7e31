import { NextResponse } from "next/server";
import { describeError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { assertRole } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { routeOf, startRequestTimer } from "@/lib/observability/http-metrics";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import type { Role } from "@/lib/generated/prisma/enums";
import { currentActor } from "./session";

type Handler = (request: Request, actor: Actor) => Promise<Response>;

/** The single error mapping of every route: expected errors keep their status, the rest is a logged 500. */
export function errorResponse(error: unknown, request: Request): Response {
  const { status, code, message, fields } = describeError(error);
  if (status >= 500) logger.error({ path: new URL(request.url).pathname, err: (error as Error).message, stack: (error as Error).stack }, "request failed");
  return NextResponse.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status });
}

/** A route for signed-in people holding one of `roles`. */
export function sessionRoute(roles: readonly Role[], handler: Handler) {
  return async (request: Request) => {
    const done = startRequestTimer(routeOf(request), request.method);
    try {
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
      const actor = await authenticateApiKey(request.headers.get("authorization"), scope, clientIp((n) => request.headers.get(n)));
      return done(await handler(request, actor));
    } catch (error) {
      return done(errorResponse(error, request));
    }
  };
}
