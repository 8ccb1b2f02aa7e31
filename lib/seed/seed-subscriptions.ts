import { db } from "@/lib/db";
import type { Plan, TenantStatus } from "@/lib/generated/prisma/enums";
import { PLAN_LADDER } from "@/lib/usage/plan-allowances";
import { seededRandom, textSeed } from "./random";

const DAY = 86_400_000;
const MONTH = 30 * DAY;
/** The catalog's first versions' prices (the migration seeds them, in EUR like the billing demo). */
const PRICES: Record<Plan, { month: number; year: number }> = {
  free: { month: 0, year: 0 },
  starter: { month: 2900, year: 29000 },
  pro: { month: 9900, year: 99000 },
  enterprise: { month: 49900, year: 499000 },
};
const PAYING: TenantStatus[] = ["active", "past_due"];

type Step = { at: Date; plan: Plan; status: TenantStatus };

/**
 * One tenant's subscription story up to its current plan and status: a trial, then (unless still
 * trialing) months of paying with the odd upgrade, downgrade, cancellation and comeback. Paying
 * tenants were customers of the platform before Steward synced them, up to six months before
 * their `createdAt`, so the demo has twelve months of revenue.
 */
function story(
  tenant: { slug: string; plan: Plan; status: TenantStatus; createdAt: Date },
  now: Date,
): Step[] {
  const random = seededRandom(textSeed(`subscription:${tenant.slug}`));
  if (tenant.status === "trialing") return [{ at: tenant.createdAt, plan: tenant.plan, status: "trialing" }];
  const start = new Date(tenant.createdAt.getTime() - Math.floor(random() * 6) * MONTH - random() * MONTH);
  const steps: Step[] = [{ at: start, plan: tenant.plan, status: "trialing" }];
  let plan = PLAN_LADDER[Math.max(0, PLAN_LADDER.indexOf(tenant.plan) - (random() < 0.3 ? 1 : 0))];
  let status: TenantStatus = "active";
  let at = new Date(start.getTime() + 14 * DAY);
  steps.push({ at, plan, status });
  for (
    at = new Date(at.getTime() + MONTH);
    at.getTime() < now.getTime() - MONTH;
    at = new Date(at.getTime() + MONTH)
  ) {
    const roll = random();
    const index = PLAN_LADDER.indexOf(plan);
    if (status === "cancelled") {
      if (roll < 0.25) status = "active";
      else continue;
    } else if (roll < 0.05 && index < PLAN_LADDER.length - 1) plan = PLAN_LADDER[index + 1];
    else if (roll < 0.08 && index > 1) plan = PLAN_LADDER[index - 1];
    else if (roll < 0.1) status = "cancelled";
    else continue;
    steps.push({ at: new Date(at.getTime() + random() * MONTH * 0.8), plan, status });
  }
  const last = steps.at(-1)!;
  if (last.plan !== tenant.plan || last.status !== tenant.status)
    steps.push({
      at: new Date(Math.max(last.at.getTime() + DAY, now.getTime() - random() * 25 * DAY)),
      plan: tenant.plan,
      status: tenant.status,
    });
  return steps;
}

/**
 * Writes the demo tenants' subscription history (see `story`), replacing what the other seeds'
 * status changes recorded, and puts every tenant on its plan's first version; a fifth of paying
 * tenants pay yearly. Idempotent: tenants whose history the seed already wrote are left alone.
 */
export async function seedSubscriptionHistory(now: Date): Promise<number> {
  const tenants = await db.tenant.findMany({
    where: { subscriptionChanges: { none: { source: "seed" } } },
    select: { id: true, slug: true, plan: true, status: true, createdAt: true },
  });
  if (tenants.length === 0) return 0;
  const yearly = new Set(tenants.filter((t) => textSeed(`interval:${t.slug}`) % 5 === 0).map((t) => t.id));
  const rows = tenants.flatMap((tenant) =>
    story(tenant, now).map((step, i) => {
      const interval = yearly.has(tenant.id) ? ("year" as const) : ("month" as const);
      const price = PRICES[step.plan];
      return {
        id: `sub_seed_${tenant.id}_${i}`,
        tenantId: tenant.id,
        at: step.at,
        plan: step.plan,
        planVersionId: `plan_${step.plan}_v1`,
        billingInterval: interval,
        status: step.status,
        mrrMinor: PAYING.includes(step.status)
          ? interval === "year"
            ? Math.round(price.year / 12)
            : price.month
          : 0,
        currency: "EUR",
        source: "seed",
      };
    }),
  );
  const ids = tenants.map((t) => t.id);
  await db.$transaction(
    async (tx) => {
      await tx.subscriptionChange.deleteMany({ where: { tenantId: { in: ids } } });
      await tx.subscriptionChange.createMany({ data: rows });
      await tx.$executeRaw`
        UPDATE tenants SET plan_version_id = 'plan_' || plan::text || '_v1',
          billing_interval = CASE WHEN id = ANY(${[...yearly]}::text[]) THEN 'year' ELSE 'month' END::"BillingInterval"
        WHERE id = ANY(${ids}::text[])`;
    },
    { timeout: 60_000 },
  );
  return rows.length;
}
