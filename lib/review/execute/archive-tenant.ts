import { db } from "@/lib/db";
import { dayOf } from "@/lib/utc-day";
import { isAppError } from "@/lib/errors";
import { cancelTenantAs } from "@/lib/tenants/change-tenant-status";
import { readDailyActivity } from "@/lib/usage/daily-activity";
import type { PlanFitEvidence } from "@/lib/usage/plan-fit";
import { actorOf, type Executor } from "./target";

/**
 * Cancels a tenant the analysis found inactive through the tenants' status use case, unless it has
 * been active again since the analysed day: cancelling is for good, so a tenant that came back is
 * left for a person to judge again.
 */
export const archiveTenant: Executor = async (target) => {
  const { item } = target;
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: item.tenantId } });
  if (tenant.status === "cancelled") return { ok: true, detail: "The tenant was already cancelled." };
  const since = dayOf((item.evidence as PlanFitEvidence).day);
  if ((await readDailyActivity([item.tenantId], { start: since, end: new Date() })).length > 0) {
    return { ok: false, detail: "The tenant has been active since the analysis; it was not archived." };
  }
  try {
    await cancelTenantAs(actorOf(target), { id: item.tenantId, reason: `Review decision: ${item.summary}` });
    return { ok: true, detail: `${item.tenant.name} was cancelled.` };
  } catch (error) {
    // Cancelled by someone else at the same time: what was decided happened.
    if (
      isAppError(error) &&
      error.code === "CONFLICT" &&
      (await db.tenant.findUniqueOrThrow({ where: { id: item.tenantId } })).status === "cancelled"
    ) {
      return { ok: true, detail: "The tenant was already cancelled." };
    }
    throw error;
  }
};
