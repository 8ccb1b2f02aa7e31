// POST /api/v1/tenants/import: upsert up to 10,000 tenants from an NDJSON body, read as it streams in (tenants:write).
import { idempotent } from "@/app/_server/idempotent";
import { apiKeyRoute } from "@/app/_server/route";
import { importTenants, importTotals, type ImportLineResult } from "@/lib/tenants/import-tenants";
import { assertNdjsonRequest, ndjsonRows } from "@/lib/tenants/ndjson-rows";

export const POST = apiKeyRoute(
  "tenants:write",
  idempotent(async (request, actor) => {
    assertNdjsonRequest(request.headers.get("content-type"), request.headers.get("content-length"));
    const results: ImportLineResult[] = [];
    for await (const result of importTenants(actor, ndjsonRows(request.body))) results.push(result);
    return Response.json({ totals: importTotals(results), results });
  }),
);
