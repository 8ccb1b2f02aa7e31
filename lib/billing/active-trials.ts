import { db } from "@/lib/db";

/** The running trial of each of these tenants that has one, by tenant id (at most one each). */
export async function activeTrialIdsByTenant(tenantIds: string[]): Promise<Map<string, string>> {
  if (tenantIds.length === 0) return new Map();
  const trials = await db.trial.findMany({
    where: { tenantId: { in: tenantIds }, status: "active" },
    select: { id: true, tenantId: true },
  });
  return new Map(trials.map((trial) => [trial.tenantId, trial.id]));
}
