import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";
import { storedLimits, type Limits } from "./limits";

export type PlanVersionView = {
  id: string;
  version: number;
  monthlyPriceMinor: number;
  yearlyPriceMinor: number;
  limits: Limits;
  features: string[];
  createdAt: Date;
  tenants: number;
};

export type PlanView = {
  key: Plan;
  name: string;
  currency: string;
  trialDays: number;
  current: PlanVersionView;
  versions: PlanVersionView[];
  tenants: number;
};

/** Every plan of the catalog with its versions (newest first) and how many tenants each holds. */
export async function listPlans(): Promise<PlanView[]> {
  const [plans, counts] = await Promise.all([
    db.catalogPlan.findMany({ include: { versions: { orderBy: { version: "desc" } } } }),
    db.tenant.groupBy({ by: ["planVersionId"], _count: { _all: true } }),
  ]);
  const byVersion = new Map(counts.map((c) => [c.planVersionId, c._count._all]));
  const ladder: Plan[] = ["free", "starter", "pro", "enterprise"];
  return plans
    .sort((a, b) => ladder.indexOf(a.key) - ladder.indexOf(b.key))
    .map((plan) => {
      const versions = plan.versions.map((v) => ({
        id: v.id,
        version: v.version,
        monthlyPriceMinor: v.monthlyPriceMinor,
        yearlyPriceMinor: v.yearlyPriceMinor,
        limits: storedLimits(v.limits),
        features: v.features,
        createdAt: v.createdAt,
        tenants: byVersion.get(v.id) ?? 0,
      }));
      return {
        key: plan.key,
        name: plan.name,
        currency: plan.currency,
        trialDays: plan.trialDays,
        current: versions.find((v) => v.id === plan.currentVersionId) ?? versions[0],
        versions,
        tenants: versions.reduce((n, v) => n + v.tenants, 0),
      };
    });
}

/** One plan by key; NOT_FOUND otherwise. */
export async function getPlanOrThrow(key: string): Promise<PlanView> {
  const plan = (await listPlans()).find((p) => p.key === key);
  if (!plan) throw new AppError("NOT_FOUND", "Plan not found");
  return plan;
}

/** Each plan's current daily request allowance from the catalog (usage analysis and plan fit read this). */
export async function dailyAllowances(): Promise<Record<Plan, number>> {
  const plans = await listPlans();
  return Object.fromEntries(
    plans.map((p) => [p.key, p.current.limits.requests_per_day ?? Number.MAX_SAFE_INTEGER]),
  ) as Record<Plan, number>;
}

/** A tenant's overrides, ended ones included (the tenant page shows when they ended). */
export async function listEntitlementOverrides(tenantId: string) {
  return db.entitlementOverride.findMany({
    where: { tenantId },
    orderBy: [{ endsAt: "desc" }, { key: "asc" }],
  });
}
