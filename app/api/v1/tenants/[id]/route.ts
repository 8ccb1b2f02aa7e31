// GET /api/v1/tenants/:id (tenants:read) and PATCH (tenants:write): one tenant by id, external id or slug.
import { idempotent } from "@/app/_server/idempotent";
import { readJsonBody } from "@/app/_server/read-json-body";
import { apiKeyRoute } from "@/app/_server/route";
import { patchTenantAs } from "@/lib/tenants/patch-tenant";
import { getTenantByRefOrThrow } from "@/lib/tenants/queries";
import { tenantPatchSchema, tenantRefSchema } from "@/lib/tenants/sync-schemas";
import { toTenantResource } from "@/lib/tenants/tenant-view";
import { parseInput } from "@/lib/validation";

export const GET = apiKeyRoute(
  "tenants:read",
  async (_request, _actor, { id }) => {
    return Response.json(toTenantResource(await getTenantByRefOrThrow(id)));
  },
  { params: tenantRefSchema },
);

export const PATCH = apiKeyRoute(
  "tenants:write",
  idempotent(async (request, actor, { id }) => {
    const patch = parseInput(tenantPatchSchema, await readJsonBody(request));
    const { tenant } = await patchTenantAs(actor, id, patch);
    return Response.json(toTenantResource(tenant));
  }),
  { params: tenantRefSchema },
);
