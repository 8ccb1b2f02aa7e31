// GET /api/v1/tenants/:id (tenants:read) and PATCH (tenants:write): one tenant by id, external id or slug.
import { idempotent } from "@/app/_server/idempotent";
import { lastPathSegment } from "@/app/_server/last-path-segment";
import { readJsonBody } from "@/app/_server/read-json-body";
import { apiKeyRoute } from "@/app/_server/route";
import { patchTenantAs } from "@/lib/tenants/patch-tenant";
import { getTenantByRefOrThrow } from "@/lib/tenants/queries";
import { tenantPatchSchema, tenantRefSchema } from "@/lib/tenants/sync-schemas";
import { toTenantResource } from "@/lib/tenants/tenant-view";
import { parseInput } from "@/lib/validation";

const refOf = (request: Request) => parseInput(tenantRefSchema, { id: lastPathSegment(request) }).id;

export const GET = apiKeyRoute("tenants:read", async (request) => {
  return Response.json(toTenantResource(await getTenantByRefOrThrow(refOf(request))));
});

export const PATCH = apiKeyRoute(
  "tenants:write",
  idempotent(async (request, actor) => {
    const ref = refOf(request);
    const patch = parseInput(tenantPatchSchema, await readJsonBody(request));
    const { tenant } = await patchTenantAs(actor, ref, patch);
    return Response.json(toTenantResource(tenant));
  }),
);
