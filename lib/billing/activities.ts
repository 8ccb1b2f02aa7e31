import type { Prisma, Tx } from "@/lib/db";
import type { BillingActivityKind } from "@/lib/generated/prisma/enums";

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

/** Appends timeline entries in one statement; entries whose dedupe key exists are skipped. */
export async function recordActivities(tx: Pick<Tx, "billingActivity">, activities: NewActivity[]): Promise<void> {
  if (activities.length === 0) return;
  await tx.billingActivity.createMany({ data: activities, skipDuplicates: true });
}
