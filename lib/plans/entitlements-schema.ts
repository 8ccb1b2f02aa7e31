import { z } from "zod";

/** The wire shape of a tenant's entitlements (API answers and `tenant.plan_changed` events). */
export const entitlementsSchema = z.object({
  tenant_id: z.string(),
  plan: z.string(),
  plan_name: z.string(),
  version: z.number().int(),
  billing_interval: z.enum(["month", "year"]),
  status: z.enum(["trialing", "active", "past_due", "suspended", "cancelled"]),
  limits: z.record(z.string(), z.number().int()),
  features: z.array(z.string()),
  overrides: z.array(
    z.object({
      key: z.string(),
      limit: z.number().int().nullable(),
      enabled: z.boolean().nullable(),
      ends_at: z.string().datetime().nullable(),
    }),
  ),
});
