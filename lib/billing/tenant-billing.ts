import { db } from "@/lib/db";
import { trialDaysLeft } from "./tenant-billing-headline";

/**
 * A tenant's billing at a glance: its latest trial (with whole days left while it runs), its latest
 * payments and its billing timeline (newest first). Each read is a short range of a
 * (tenant_id, …) index.
 */
export async function tenantBilling(tenantId: string, now = new Date(), take = 10) {
  const [trial, payments, timeline] = await Promise.all([
    db.trial.findFirst({
      where: { tenantId },
      orderBy: { startedAt: "desc" },
      select: { id: true, plan: true, status: true, startedAt: true, endsAt: true, extendedDays: true },
    }),
    db.payment.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: {
        id: true,
        amountMinor: true,
        currency: true,
        status: true,
        attemptCount: true,
        failureCode: true,
        nextRetryAt: true,
        createdAt: true,
      },
    }),
    db.billingActivity.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, kind: true, summary: true, createdAt: true },
    }),
  ]);
  return { trial: trial && { ...trial, daysLeft: trialDaysLeft(trial, now) }, payments, timeline };
}

export type TenantBilling = Awaited<ReturnType<typeof tenantBilling>>;
