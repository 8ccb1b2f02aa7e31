import { createHash } from "node:crypto";

const MAX_SLUG = 63;
const SUFFIX = 6;

/** A tenant name as a slug: lowercase ASCII letters, digits and single dashes ("Café Nord" → "cafe-nord"). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG - SUFFIX - 1)
    .replace(/-+$/, "");
}

/**
 * The slugs a tenant without one may get, in order of preference: its name's slug, then the same
 * with a short digest of its external id. Both are fixed by the input, so a batch can check them all
 * in one query and a retried import derives the same slug again.
 */
export function slugCandidates(name: string, externalId: string | undefined): string[] {
  const base = slugify(name);
  const suffix = createHash("sha256")
    .update(externalId ?? name)
    .digest("hex")
    .slice(0, SUFFIX);
  const withSuffix = `${base || "tenant"}-${suffix}`;
  return base.length >= 2 ? [base, withSuffix] : [withSuffix];
}
