import { z } from "zod";
import { entitlementsSchema } from "@/lib/plans/entitlements-schema";
import { tenantRefSchema } from "@/lib/tenants/sync-schemas";
import type { ApiOperation } from "../types";

export const entitlementOperations: ApiOperation[] = [
  {
    methods: ["get"],
    path: "/api/v1/tenants/{id}/entitlements",
    operationId: "getTenantEntitlements",
    tag: "Tenants",
    summary: "Get a tenant's entitlements",
    description:
      "What the tenant may use: its plan and plan version, the version's limits (a limit left out is " +
      "unlimited) and features, with the tenant's active overrides applied and listed. Cached; a change " +
      "of plan, version, status or override shows at once.",
    scope: "tenants:read",
    pathParams: z.object({ id: tenantRefSchema.shape.id }),
    paramNotes: { id: "Steward's id, your external_id, or the slug." },
    responses: {
      200: {
        description: "The tenant's entitlements.",
        schema: entitlementsSchema,
        example: {
          tenant_id: "cm0tenant",
          plan: "pro",
          plan_name: "Pro",
          version: 2,
          billing_interval: "month",
          status: "active",
          limits: { requests_per_minute: 300, requests_per_day: 100000, seats: 40 },
          features: ["sso", "webhooks"],
          overrides: [{ key: "seats", limit: 40, enabled: null, ends_at: "2027-01-31T00:00:00.000Z" }],
        },
      },
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
    },
  },
];
