import { NextResponse } from "next/server";
import { z } from "zod";
import { errorResponseBody } from "@/lib/error-response";
import { assertCanRead, assertRole } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { checkOwnLimit, ownLimitHeaders } from "@/lib/rate-limits/own-limits";
import { routeOf, startRequestTimer } from "@/lib/observability/http-metrics";
import { SCOPES_WITHOUT_OWN_LIMIT, type ApiKeyScope } from "@/lib/api-keys/scopes";
import type { Role } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/validation";

/** The dynamic segments of the route's path, as Next hands them over (already decoded). */
export type RouteParams = Record<string, string | string[] | undefined>;
/** The `[id]` of a route whose ids have no format to check: an unknown one is the lookup's 404. */
export const idParams = z.object({ id: z.string() });

/** Next's second argument to a route handler; absent when a route without segments is called directly. */
type RouteContext = { params: Promise<RouteParams> };

/** What a route file exports: Next calls it with the request and the route's context. */
export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

export type Handler<P = RouteParams> = (request: Request, actor: Actor, params: P) => Promise<Response>;

/** The single error mapping of every route: expected errors keep their status, the rest is a logged 500. */
export function errorResponse(error: unknown, request: Request): Response {
  const { status, body } = errorResponseBody(error, { path: new URL(request.url).pathname });
  // A dependency not answering (503) is worth another try shortly.
  return NextResponse.json(body, { status, headers: status === 503 ? { "Retry-After": "5" } : undefined });
}

/** The route's params, checked against `schema` when the ids have a format (a bad one is a 400). */
async function paramsOf<P>(context: RouteContext | undefined, schema: z.ZodType<P> | undefined): Promise<P> {
  const params = (await context?.params) ?? {};
  return schema ? parseInput(schema, params) : (params as P);
}

/** How a route reads its path: `params` checks the ids the route's folders name (a bad one is a 400). */
type RouteOptions<P> = { params?: z.ZodType<P> };

/**
 * A route for signed-in people holding one of `roles` (a GET also for a VIEWER where owners may
 * read it: VIEWERs read everything and write nothing). The handler gets the path's ids as Next
 * passes them, parsed by `options.params`:
 * `sessionRoute(["OWNER"], (request, actor, { id }) => …, { params: idParams })`.
 */
export function sessionRoute<P = RouteParams>(
  roles: readonly Role[],
  handler: Handler<P>,
  options: RouteOptions<P> = {},
): RouteHandler {
  return timedRoute(async (request, context) => {
    // Loaded on first use, so plain Node (benches, scripts) can load machine routes without next-auth.
    const { currentActor } = await import("./session");
    const actor = await currentActor();
    if (request.method === "GET" || request.method === "HEAD") assertCanRead(actor, roles);
    else assertRole(actor, roles);
    return handler(request, actor, await paramsOf(context, options.params));
  });
}

/**
 * A machine route (under /api/v1, and /api/metrics): `Authorization: Bearer <key>` with `scope`,
 * within Steward's own per-key limit (Settings > Own limits; RateLimit-* headers on every answer).
 * Reads the path's ids like sessionRoute.
 */
export function apiKeyRoute<P = RouteParams>(
  scope: ApiKeyScope,
  handler: Handler<P>,
  options: RouteOptions<P> = {},
): RouteHandler {
  return timedRoute(async (request, context) => {
    const actor = await authenticateApiKey(
      request.headers.get("authorization"),
      scope,
      clientIp((n) => request.headers.get(n)),
    );
    if (SCOPES_WITHOUT_OWN_LIMIT.includes(scope))
      return handler(request, actor, await paramsOf(context, options.params));
    const answer = await checkOwnLimit("api", actor.id!);
    const headers = ownLimitHeaders(answer);
    if (answer && !answer.allowed)
      return NextResponse.json(
        { error: { code: "RATE_LIMITED", message: "This API key made too many requests; retry later." } },
        { status: 429, headers },
      );
    const response = await handler(request, actor, await paramsOf(context, options.params));
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  });
}

/** Times the request and maps whatever `respond` throws to its response. */
function timedRoute(respond: RouteHandler): RouteHandler {
  return async (request, context) => {
    const done = startRequestTimer(routeOf(request), request.method);
    try {
      return done(await respond(request, context));
    } catch (error) {
      return done(errorResponse(error, request));
    }
  };
}
