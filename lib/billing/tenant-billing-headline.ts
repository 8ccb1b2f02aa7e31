import { db } from "@/lib/db";

const DAY = 86_400_000;

/** A tenant's latest trial (whole days left while it runs) and latest payment, for its page's header. */
export async function tenantBillingHeadline(tenantId: string, now = new Date()) {
  const [trial, lastPayment] = await Promise.all([
    db.trial.findFirst({
      where: { tenantId },
      orderBy: { startedAt: "desc" },
      select: { id: true, plan: true, status: true, endsAt: true },
    }),
    db.payment.findFirst({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, amountMinor: true, currency: true, status: true, createdAt: true },
    }),
  ]);
  return { trial: trial && { ...trial, daysLeft: trialDaysLeft(trial, now) }, lastPayment };
}

/** Whole days until a running trial ends (0 on its last day); null once it is over. */
export function trialDaysLeft(trial: { status: string; endsAt: Date }, now: Date): number | null {
  if (trial.status !== "active") return null;
  return Math.max(0, Math.ceil((trial.endsAt.getTime() - now.getTime()) / DAY));
}
