// PUT /api/v1/tenants/by-external-id/:externalId: create or update the tenant the platform knows by this id (tenants:write).
import { idempotent } from "@/app/_server/idempotent";
import { lastPathSegment } from "@/app/_server/last-path-segment";
import { readJsonBody } from "@/app/_server/read-json-body";
import { apiKeyRoute } from "@/app/_server/route";
import { tenantSyncSchema, withPathExternalId } from "@/lib/tenants/sync-schemas";
import { syncTenantAs } from "@/lib/tenants/sync-tenants";
import { toTenantResource } from "@/lib/tenants/tenant-view";
import { parseInput } from "@/lib/validation";

export const PUT = apiKeyRoute(
  "tenants:write",
  idempotent(async (request, actor) => {
    const body = withPathExternalId(await readJsonBody(request), lastPathSegment(request));
    const { status, tenant } = await syncTenantAs(actor, parseInput(tenantSyncSchema, body), "upsert");
    return Response.json(toTenantResource(tenant), { status: status === "created" ? 201 : 200 });
  }),
);
