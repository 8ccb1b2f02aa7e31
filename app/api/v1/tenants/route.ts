// GET /api/v1/tenants: paged, filtered tenant list for machines (API key with tenants:read).
import { apiKeyRoute } from "@/app/_server/route";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { listTenants } from "@/lib/tenants/queries";
import { entriesToObject, parseInput } from "@/lib/validation";

export const GET = apiKeyRoute("tenants:read", async (request) => {
  const query = parseInput(listTenantsSchema, entriesToObject(new URL(request.url).searchParams));
  const page = await listTenants(query);
  return Response.json({
    data: page.rows,
    pagination: { page: page.page, pageSize: page.pageSize, total: page.total, pageCount: page.pageCount },
  });
});
