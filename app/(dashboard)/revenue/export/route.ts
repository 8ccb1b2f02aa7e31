// GET /revenue/export (OWNER session): the Revenue page's months as CSV, for its filters.
import { sessionRoute } from "@/app/_server/route";
import { getRevenueReport, revenueCsv } from "@/lib/revenue/revenue-report";
import { revenueFiltersSchema } from "@/lib/revenue/schemas";
import { parseInput } from "@/lib/validation";

export const GET = sessionRoute(["OWNER"], async (request) => {
  const filters = parseInput(revenueFiltersSchema, Object.fromEntries(new URL(request.url).searchParams));
  return new Response(revenueCsv(await getRevenueReport(filters)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="revenue-${filters.plan ?? "all"}-${filters.months}m.csv"`,
    },
  });
});
