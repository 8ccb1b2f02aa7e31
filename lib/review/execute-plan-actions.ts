import { db } from "@/lib/db";
import { dayOf } from "@/lib/utc-day";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { isAppError } from "@/lib/errors";
import type { ReviewItem, Tenant } from "@/lib/generated/prisma/client";
import type { Plan } from "@/lib/generated/prisma/enums";
import { cancelTenantAs } from "@/lib/tenants/change-tenant-status";
import { auditSnapshot } from "@/lib/tenants/tenant-view";
import { readDailyActivity } from "@/lib/usage/daily-activity";
import { DAILY_ALLOWANCE } from "@/lib/usage/plan-allowances";
import type { PlanFitEvidence } from "@/lib/usage/plan-fit";
import { recordEvents } from "@/lib/webhooks/record-event";
import { tenantState } from "@/lib/webhooks/resources";
import type { Outcome } from "./execute-decision";

type PlanFitItem = ReviewItem & { tenant: Tenant };

const evidenceOf = (item: PlanFitItem) => item.evidence as PlanFitEvidence;

/**
 * Moves the tenant to the plan the item proposes, only if it is still on the plan the analysis saw
 * (a conditional update): a plan someone changed meanwhile is left alone. Audited as `actor`.
 */
export async function changePlan(item: PlanFitItem, actor: Actor): Promise<Outcome> {
  const { plan, targetPlan, day } = evidenceOf(item);
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
  return db.$transaction(async (tx) => {
    const [after] = await tx.tenant.updateManyAndReturn({
      where: { id: item.tenantId, plan },
      data: { plan: targetPlan },
    });
    if (!after) return { ok: false, detail: "The plan changed meanwhile; nothing was done." };
    await recordEvents(tx, [
      {
        type: "tenant.plan_changed",
        tenantId: item.tenantId,
        data: { tenant: tenantState(after), previous_plan: plan },
      },
    ]);
    await recordAudit(tx, actor, {
      action: "tenant.plan_changed",
      entityType: "tenant",
      entityId: item.tenantId,
      before: { ...auditSnapshot(after), plan },
      after: { ...auditSnapshot(after), reason: `Review decision: ${item.summary}` },
    });
    return { ok: true, detail: `${item.tenant.name} moved from ${plan} to ${targetPlan}.` };
  });
}

/** Whether, since the analysed day, the tenant hit the smaller plan's allowance or had requests denied: a downgrade would throttle it. */
async function outgrew(tenantId: string, analysedDay: string, smaller: Plan): Promise<boolean> {
  const days = await readDailyActivity([tenantId], { start: dayOf(analysedDay), end: new Date() });
  return days.some((d) => d.denied > 0 || d.requests >= DAILY_ALLOWANCE[smaller]);
}

/**
 * Cancels a tenant the analysis found inactive, unless it has been active again since the analysed
 * day: cancelling is for good, so a tenant that came back is left for a person to judge again.
 */
export async function archiveTenant(item: PlanFitItem, actor: Actor): Promise<Outcome> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: item.tenantId } });
  if (tenant.status === "cancelled") return { ok: true, detail: "The tenant was already cancelled." };
  const since = dayOf(evidenceOf(item).day);
  if ((await readDailyActivity([item.tenantId], { start: since, end: new Date() })).length > 0) {
    return { ok: false, detail: "The tenant has been active since the analysis; it was not archived." };
  }
  try {
    await cancelTenantAs(actor, { id: item.tenantId, reason: `Review decision: ${item.summary}` });
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
}
