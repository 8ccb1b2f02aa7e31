import { z } from "zod";
import { activeTrialIdsByTenant } from "@/lib/billing/active-trials";
import { listTenants } from "./queries";
import { listTenantsSchema } from "./schemas";

/** The command palette's query: a name or slug fragment, or an exact contact email. */
export const quickFindSchema = z.object({
  q: z.string().trim().min(1, "Type a name, slug or email").max(200, "At most 200 characters"),
});

const QUICK_FIND_ROWS = 8;

/**
 * Tenants for the command palette: name or slug containing the text, or the exact contact email
 * (matched by its digest, emails being encrypted), the same search as the Tenants list; each with its
 * running trial's id so the palette can offer to extend it.
 */
export async function quickFindTenants(q: string) {
  const page = await listTenants(
    listTenantsSchema.parse({ q, pageSize: QUICK_FIND_ROWS, sort: "name", dir: "asc" }),
  );
  const trials = await activeTrialIdsByTenant(page.rows.map((row) => row.id));
  return page.rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    activeTrialId: trials.get(row.id) ?? null,
  }));
}

export type QuickFoundTenant = Awaited<ReturnType<typeof quickFindTenants>>[number];
