// GET /api/anomalies?status=&severity=&metric=&tenant=&page=: the anomalies list's auto-refresh (owners only).
import { sessionRoute } from "@/app/_server/route";
import { listAnomalies, openAnomalyCounts } from "@/lib/anomalies/queries";
import { anomalyFilters } from "@/lib/anomalies/schemas";

export const GET = sessionRoute(["OWNER"], async (request) => {
  const { filters } = anomalyFilters(Object.fromEntries(new URL(request.url).searchParams));
  const [counts, page] = await Promise.all([openAnomalyCounts(), listAnomalies(filters)]);
  return Response.json({ counts, page });
});
