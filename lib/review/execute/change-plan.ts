import { db } from "@/lib/db";
import { dayOf } from "@/lib/utc-day";
import type { Plan } from "@/lib/generated/prisma/enums";
import { changeTenantPlan } from "@/lib/tenants/change-tenant-plan";
import { readDailyActivity } from "@/lib/usage/daily-activity";
import { dailyAllowances } from "@/lib/plans/queries";
import type { PlanFitEvidence } from "@/lib/usage/plan-fit";
import { actorOf, type Executor } from "./target";

/** Whether, since the analysed day, the tenant hit the smaller plan's allowance or had requests denied: a downgrade would throttle it. */
async function outgrew(tenantId: string, analysedDay: string, smaller: Plan): Promise<boolean> {
  const days = await readDailyActivity([tenantId], { start: dayOf(analysedDay), end: new Date() });
  const allowance = (await dailyAllowances())[smaller];
  return days.some((d) => d.denied > 0 || d.requests >= allowance);
}

/**
 * Moves the tenant to the plan the item proposes through the tenants' use case, only if it is still
 * on the plan the analysis saw: a plan someone changed meanwhile is left alone.
 */
export const changePlan: Executor = async (target) => {
  const { item } = target;
  const { plan, targetPlan, day } = item.evidence as PlanFitEvidence;
  if (!targetPlan) return { ok: false, detail: "This item proposes no plan." };
  const { status } = await db.tenant.findUniqueOrThrow({
    where: { id: item.tenantId },
    select: { status: true },
  });
  if (status === "cancelled")
    return { ok: false, detail: "The tenant is cancelled; its plan was left as it is." };
  if (item.kind === "plan_downgrade" && (await outgrew(item.tenantId, day, targetPlan))) {
    return {
      ok: false,
      detail: `The tenant has used more than ${targetPlan} allows since the analysis; its plan was left as it is.`,
    };
  }
  const changed = await changeTenantPlan(actorOf(target), {
    id: item.tenantId,
    from: plan,
    to: targetPlan,
    reason: `Review decision: ${item.summary}`,
  });
  if (!changed) return { ok: false, detail: "The plan changed meanwhile; nothing was done." };
  return { ok: true, detail: `${item.tenant.name} moved from ${plan} to ${targetPlan}.` };
};
