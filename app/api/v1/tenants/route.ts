// GET /api/v1/tenants: paged, filtered tenant list (tenants:read); POST: create one tenant (tenants:write).
import { idempotent } from "@/app/_server/idempotent";
import { readJsonBody } from "@/app/_server/read-json-body";
import { apiKeyRoute } from "@/app/_server/route";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { tenantCreateSchema } from "@/lib/tenants/sync-schemas";
import { syncTenantAs } from "@/lib/tenants/sync-tenants";
import { toTenantResource } from "@/lib/tenants/tenant-view";
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

export const POST = apiKeyRoute(
  "tenants:write",
  idempotent(async (request, actor) => {
    const input = parseInput(tenantCreateSchema, await readJsonBody(request));
    const { tenant } = await syncTenantAs(actor, input, "create");
    return Response.json(toTenantResource(tenant), { status: 201 });
  }),
);
