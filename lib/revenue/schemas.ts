import { z } from "zod";
import { planKeySchema } from "@/lib/plans/schemas";

/** The Revenue page's filters (and the CSV export's): a plan or all, and how many months back. */
export const revenueFiltersSchema = z.object({
  plan: planKeySchema.optional(),
  months: z.coerce
    .number()
    .int()
    .refine((m) => [6, 12, 24].includes(m), "6, 12 or 24 months")
    .default(12),
});
export type RevenueFilters = z.output<typeof revenueFiltersSchema>;
