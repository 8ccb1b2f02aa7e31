import type { DecisionHttp } from "@/lib/rate-limits/decision-http";
import { startRequestTimer } from "@/lib/observability/http-metrics";

type Header = (name: string) => string | undefined;

/**
 * A rate-limit decision route: `answer` (answerCheck or answerAuth, which never throw) as a
 * Response, timed under `route` (a fixed name, since Envoy appends the client's path to the auth path).
 */
export function decisionRoute(
  route: string,
  answer: (request: Request, header: Header) => Promise<DecisionHttp>,
) {
  return async (request: Request): Promise<Response> => {
    const done = startRequestTimer(route, request.method);
    const { status, headers, body } = await answer(request, (name) => request.headers.get(name) ?? undefined);
    return done(Response.json(body, { status, headers }));
  };
}
