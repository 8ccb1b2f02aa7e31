// PUT /api/v1/tenants/by-external-id/:externalId: create or update the tenant the platform knows by this id (tenants:write).
import { z } from "zod";
import { idempotent } from "@/app/_server/idempotent";
import { readJsonBody } from "@/app/_server/read-json-body";
import { apiKeyRoute } from "@/app/_server/route";
import { tenantSyncSchema, withPathExternalId } from "@/lib/tenants/sync-schemas";
import { syncTenantAs } from "@/lib/tenants/sync-tenants";
import { toTenantResource } from "@/lib/tenants/tenant-view";
import { parseInput } from "@/lib/validation";

// Its format is checked with the rest of the body, so a bad one is reported as `external_id`.
const params = z.object({ externalId: z.string() });

export const PUT = apiKeyRoute(
  "tenants:write",
  idempotent(async (request, actor, { externalId }) => {
    const body = withPathExternalId(await readJsonBody(request), externalId);
    const { status, tenant } = await syncTenantAs(actor, parseInput(tenantSyncSchema, body), "upsert");
    return Response.json(toTenantResource(tenant), { status: status === "created" ? 201 : 200 });
  }),
  { params },
);
