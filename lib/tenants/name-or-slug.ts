import type { Prisma } from "@/lib/db";
import { containsText, escapeLike } from "@/lib/text-search";

/** Tenants whose name or slug contains `q` (literally, any case; slugs are lower case): the tenant search of every list. */
export function nameOrSlugContains(q: string): Prisma.TenantWhereInput {
  return { OR: [{ name: containsText(q) }, { slug: { contains: escapeLike(q.toLowerCase()) } }] };
}
