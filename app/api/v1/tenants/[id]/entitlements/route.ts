// GET /api/v1/tenants/:id/entitlements (tenants:read): what the tenant may use (plan, limits, features, overrides).
import { apiKeyRoute } from "@/app/_server/route";
import { getEntitlementsOrThrow } from "@/lib/plans/entitlements";
import { getTenantByRefOrThrow } from "@/lib/tenants/queries";
import { tenantRefSchema } from "@/lib/tenants/sync-schemas";

export const GET = apiKeyRoute(
  "tenants:read",
  async (_request, _actor, { id }) => {
    const tenant = await getTenantByRefOrThrow(id);
    return Response.json(await getEntitlementsOrThrow(tenant.id));
  },
  { params: tenantRefSchema },
);
