import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cacheEntitlements, cachedEntitlements } from "./entitlements-cache";
import type { z } from "zod";
import type { entitlementsSchema } from "./entitlements-schema";
import { storedLimits } from "./limits";

/** What a tenant may use, as the platform reads it (wire names). */
export type Entitlements = z.infer<typeof entitlementsSchema>;

/**
 * A tenant's plan version with its active overrides applied (a limit override replaces the plan's
 * value, a feature override grants or withdraws the flag); overrides past their end date are ignored.
 * Null when the tenant does not exist.
 */
export async function computeEntitlements(
  tenantId: string,
  now = new Date(),
  client: Tx | typeof db = db,
): Promise<Entitlements | null> {
  const tenant = await client.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true,
      status: true,
      billingInterval: true,
      catalogPlan: { select: { key: true, name: true, currentVersion: true } },
      planVersion: true,
      entitlementOverrides: {
        where: { OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
        orderBy: { key: "asc" },
      },
    },
  });
  if (!tenant) return null;
  const version = tenant.planVersion ?? tenant.catalogPlan.currentVersion;
  if (!version) throw new AppError("CONFLICT", "The tenant's plan has no version");
  const limits = storedLimits(version.limits);
  const features = new Set(version.features);
  for (const o of tenant.entitlementOverrides) {
    if (o.limit !== null) limits[o.key] = o.limit;
    if (o.enabled === true) features.add(o.key);
    if (o.enabled === false) features.delete(o.key);
  }
  return {
    tenant_id: tenant.id,
    plan: tenant.catalogPlan.key,
    plan_name: tenant.catalogPlan.name,
    version: version.version,
    billing_interval: tenant.billingInterval,
    status: tenant.status,
    limits,
    features: [...features].sort(),
    overrides: tenant.entitlementOverrides.map((o) => ({
      key: o.key,
      limit: o.limit,
      enabled: o.enabled,
      ends_at: o.endsAt?.toISOString() ?? null,
    })),
  };
}

/**
 * A tenant's entitlements from the Redis cache, or computed and cached (until the soonest active
 * override ends, at most a minute). Throws NOT_FOUND for an unknown tenant.
 */
export async function getEntitlementsOrThrow(tenantId: string): Promise<Entitlements> {
  const cached = await cachedEntitlements(tenantId);
  if (cached) return JSON.parse(cached) as Entitlements;
  const now = new Date();
  const entitlements = await computeEntitlements(tenantId, now);
  if (!entitlements) throw new AppError("NOT_FOUND", "Tenant not found");
  const ends = entitlements.overrides.flatMap((o) => (o.ends_at ? [Date.parse(o.ends_at)] : []));
  const ttl = ends.length > 0 ? Math.ceil((Math.min(...ends) - now.getTime()) / 1000) : undefined;
  await cacheEntitlements(tenantId, JSON.stringify(entitlements), ttl);
  return entitlements;
}
