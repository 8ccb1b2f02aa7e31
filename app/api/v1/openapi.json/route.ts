// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the machine API and its webhooks (public, cacheable).
import { startRequestTimer } from "@/lib/observability/http-metrics";
import { publishedOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  const done = startRequestTimer("/api/v1/openapi.json", "GET");
  const { json, etag } = publishedOpenApiDocument();
  // Public: the document holds no data of this installation, only what its API accepts.
  const headers = { etag, "cache-control": "public, max-age=300" };
  if (request.headers.get("if-none-match") === etag)
    return done(new Response(null, { status: 304, headers }));
  return done(new Response(json, { headers: { ...headers, "content-type": "application/json" } }));
}
