// GET /api/metrics: Prometheus text format for scrapers (API key with metrics:read, sent as a bearer token).
import { apiKeyRoute } from "@/app/_server/route";
import { renderMetrics } from "@/lib/observability/render-metrics";

export const dynamic = "force-dynamic";

export const GET = apiKeyRoute("metrics:read", async () => {
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
