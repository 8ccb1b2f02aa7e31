import { MAX_POINTS_PER_BATCH, metricBatchSchema, POINT_RETENTION_DAYS } from "@/lib/anomalies/schemas";
import { metricBatchResultSchema } from "../response-schemas";
import type { ApiOperation } from "../types";

/** `now` bounds the timestamps the batch schema accepts, and dates the example. */
export function metricOperations(now: Date): ApiOperation[] {
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  return [
    {
      methods: ["post"],
      path: "/api/v1/metrics",
      operationId: "recordMetricPoints",
      tag: "Metrics",
      summary: "Report metric points",
      description:
        `Up to ${MAX_POINTS_PER_BATCH.toLocaleString("en")} points per request (512 kB) for anomaly ` +
        "detection. Points of one tenant × metric × bucket are combined by the metric's aggregation; a " +
        "point sent again replaces its bucket's value. Timestamps may be up to 5 minutes ahead and at most " +
        `${POINT_RETENTION_DAYS} days old. If any point is invalid (unknown tenant or metric, a metric ` +
        "Steward computes itself), nothing is recorded and `fields` names each point by index.",
      scope: "metrics:write",
      body: {
        schema: metricBatchSchema(now),
        example: {
          points: [
            { tenant: "acme-robotics", metric: "active_users", timestamp: hour, value: 412 },
            { tenant: "acme-robotics", metric: "error_rate", timestamp: hour, value: 0.7 },
          ],
        },
        fieldNotes: {
          points:
            "tenant: the tenant's slug; metric: a metric key from the Anomalies rules page; value: a finite number.",
        },
      },
      responses: {
        200: { description: "What the batch wrote.", schema: metricBatchResultSchema },
        400: "ValidationError",
        401: "Unauthorized",
        403: "Forbidden",
      },
    },
  ];
}
