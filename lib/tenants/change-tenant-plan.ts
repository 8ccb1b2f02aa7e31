import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Tenant } from "@/lib/generated/prisma/client";
import type { Plan } from "@/lib/generated/prisma/enums";
import { recordEvents } from "@/lib/webhooks/record-event";
import { planChangedData } from "@/lib/plans/plan-changed-data";
import { recordSubscriptionChanges } from "@/lib/plans/record-subscription-changes";
import { auditSnapshot } from "./tenant-view";

/**
 * Moves a tenant from plan `from` to plan `to` as a decision someone already checked the actor may
 * take, only if it is still on `from` (a conditional update): a plan someone changed meanwhile is left
 * alone and null is answered. The change, its audit entry (with `reason`) and its
 * `tenant.plan_changed` event commit together.
 */
export async function changeTenantPlan(
  actor: Actor,
  input: { id: string; from: Plan; to: Plan; reason: string },
): Promise<Tenant | null> {
  return db.$transaction(async (tx) => {
    const [after] = await tx.tenant.updateManyAndReturn({
      where: { id: input.id, plan: input.from },
      data: { plan: input.to },
    });
    if (!after) return null;
    await recordSubscriptionChanges(tx, [input.id], { source: "review" });
    await recordEvents(tx, [
      {
        type: "tenant.plan_changed",
        tenantId: input.id,
        data: await planChangedData(tx, after, input.from),
      },
    ]);
    await recordAudit(tx, actor, {
      action: "tenant.plan_changed",
      entityType: "tenant",
      entityId: input.id,
      before: { ...auditSnapshot(after), plan: input.from },
      after: { ...auditSnapshot(after), reason: input.reason },
    });
    return after;
  });
}
