import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A taken slug is a field error the form can show, not a bare unique-constraint failure. */
export async function assertSlugFree(tx: Tx, slug: string, exceptId?: string): Promise<void> {
  const existing = await tx.tenant.findUnique({ where: { slug }, select: { id: true } });
  if (existing && existing.id !== exceptId) {
    throw new AppError("CONFLICT", "Another tenant already uses that slug.", {
      slug: ["This slug is taken"],
    });
  }
}
