import { z } from "zod";
import { Plan } from "@/lib/generated/prisma/enums";
import { limitKeySchema, limitsSchema } from "./limits";

export const planKeySchema = z.enum(Object.values(Plan) as [Plan, ...Plan[]]);

/** A price in major units as typed ("29", "29.90"), kept in minor units. */
const priceSchema = z.coerce
  .number({ error: "Enter a price, e.g. 29.00" })
  .min(0, "A price is 0 or more")
  .max(10_000_000, "At most 10,000,000")
  .transform((major) => Math.round(major * 100));

export const updatePlanSchema = z.object({
  key: planKeySchema,
  name: z.string().trim().min(2, "Name needs at least 2 characters").max(60, "At most 60 characters"),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "A three-letter ISO 4217 code, e.g. USD"),
  trialDays: z.coerce.number().int("Whole days").min(0).max(365, "At most 365 days"),
  monthlyPrice: priceSchema,
  yearlyPrice: priceSchema,
  limits: limitsSchema,
  features: z.array(limitKeySchema).max(50, "At most 50 features"),
});
export type UpdatePlanInput = z.input<typeof updatePlanSchema>;

export const movePlanTenantsSchema = z.object({
  key: planKeySchema,
  /** The count the owner saw in the preview; a different count now means the preview is stale. */
  expectedTenants: z.coerce.number().int().min(0),
});

export const setOverrideSchema = z
  .object({
    tenantId: z.string().min(1),
    key: limitKeySchema,
    kind: z.enum(["limit", "feature"]),
    limit: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
    enabled: z.enum(["true", "false"]).optional(),
    endsAt: z.coerce.date({ error: "Enter a date" }).optional(),
    reason: z.string().trim().min(3, "Say why, in a few words").max(300),
  })
  .refine((o) => o.kind !== "limit" || o.limit !== undefined, { path: ["limit"], message: "Enter the limit" })
  .refine((o) => o.kind !== "feature" || o.enabled !== undefined, {
    path: ["enabled"],
    message: "Grant or withdraw the feature",
  })
  .refine((o) => !o.endsAt || o.endsAt.getTime() > Date.now(), {
    path: ["endsAt"],
    message: "The end date must be in the future",
  });

export const removeOverrideSchema = z.object({ tenantId: z.string().min(1), key: limitKeySchema });
