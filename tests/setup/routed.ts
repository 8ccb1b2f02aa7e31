type Params = Record<string, string | string[]>;
type RouteHandler = (request: Request, context: { params: Promise<Params> }) => Promise<Response>;

/**
 * `handler` called the way Next calls it: the dynamic segments of `pattern` (a route's folder path,
 * like "/api/v1/tenants/[id]") read from the request's path and decoded, and a malformed escape
 * refused with 400 before the handler runs.
 */
export function routed(handler: RouteHandler, pattern: string) {
  const names = pattern.split("/");
  return (request: Request): Promise<Response> => {
    const segments = new URL(request.url).pathname.split("/");
    const params: Params = {};
    try {
      names.forEach((name, i) => {
        const catchAll = /^\[\.\.\.(.+)\]$/.exec(name);
        const single = /^\[(.+)\]$/.exec(name);
        if (catchAll) params[catchAll[1]] = segments.slice(i).map(decodeURIComponent);
        else if (single) params[single[1]] = decodeURIComponent(segments[i]);
      });
    } catch {
      return Promise.resolve(new Response(null, { status: 400 }));
    }
    return handler(request, { params: Promise.resolve(params) });
  };
}
