import type { Prisma, Tx } from "@/lib/db";
import type { BillingActivityKind } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/new-id";

export type NewActivity = {
  tenantId: string;
  trialId?: string | null;
  paymentId?: string | null;
  kind: BillingActivityKind;
  summary: string;
  actorLabel: string;
  details?: Prisma.InputJsonValue;
  /** Set for steps a sweep may repeat: the second record of it is skipped. */
  dedupeKey?: string;
  createdAt: Date;
};

/**
 * Appends timeline entries in one statement; entries whose dedupe key exists are skipped. Raw SQL
 * over arrays, because a sweep writes thousands and Prisma's createMany spends ~0.3 ms of CPU per row.
 * Returns the dedupe keys of the entries written, so a sweep tells only of the steps it recorded itself.
 */
export async function recordActivities(
  tx: Pick<Tx, "$queryRaw">,
  activities: NewActivity[],
): Promise<string[]> {
  if (activities.length === 0) return [];
  const column = <T>(pick: (a: NewActivity) => T) => activities.map(pick);
  const written = await tx.$queryRaw<{ dedupe_key: string | null }[]>`
    INSERT INTO billing_activities (id, tenant_id, trial_id, payment_id, kind, summary, actor_label, details, dedupe_key, created_at)
    SELECT * FROM unnest(
      ${column(() => newId())}::text[], ${column((a) => a.tenantId)}::text[], ${column((a) => a.trialId ?? null)}::text[],
      ${column((a) => a.paymentId ?? null)}::text[], ${column((a) => a.kind)}::"BillingActivityKind"[], ${column((a) => a.summary)}::text[],
      ${column((a) => a.actorLabel)}::text[], ${column((a) => (a.details === undefined ? null : JSON.stringify(a.details)))}::jsonb[],
      ${column((a) => a.dedupeKey ?? null)}::text[], ${column((a) => a.createdAt.toISOString())}::timestamp[]
    )
    ON CONFLICT DO NOTHING
    RETURNING dedupe_key`;
  return written.flatMap((row) => (row.dedupe_key ? [row.dedupe_key] : []));
}
