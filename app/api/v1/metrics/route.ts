// POST /api/v1/metrics: the platform reports per-tenant metric points for anomaly detection (API key with metrics:write).
import { apiKeyRoute } from "@/app/_server/route";
import { readJsonBody } from "@/app/_server/read-json-body";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import { metricBatchSchema } from "@/lib/anomalies/schemas";
import { parseInput } from "@/lib/validation";

// 1,000 points of ~120 bytes each, with room for long slugs.
const MAX_BATCH_BYTES = 512 * 1024;

export const POST = apiKeyRoute("metrics:write", async (request) => {
  const { points } = parseInput(metricBatchSchema(new Date()), await readJsonBody(request, MAX_BATCH_BYTES));
  return Response.json(await recordMetricPoints(points));
});
