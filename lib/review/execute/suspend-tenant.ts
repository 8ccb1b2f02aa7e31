import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { keepSuspendedAs, suspendTenantAs } from "@/lib/tenants/change-tenant-status";
import { actorOf, type Executor } from "./target";

/**
 * Suspends the tenant through the tenants' status use case; one billing already suspended stays
 * suspended until an owner reactivates it (a payment no longer lifts it).
 */
export const suspendTenant: Executor = async (target) => {
  const { item } = target;
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: item.tenantId } });
  if (tenant.status === "cancelled")
    return { ok: false, detail: "The tenant is cancelled; there is nothing to suspend." };
  if (tenant.status !== "suspended") {
    try {
      await suspendTenantAs(actorOf(target), {
        id: item.tenantId,
        reason: `Review decision: ${item.summary}`,
      });
      return { ok: true, detail: `${item.tenant.name} was suspended.` };
    } catch (error) {
      // Someone changed the tenant at the same time; if it ended up suspended, that is what was decided.
      if (!isAppError(error) || error.code !== "CONFLICT") throw error;
      return suspendTenant(target, null);
    }
  }
  if (tenant.billingSuspended) {
    // Billing's suspension would be lifted by the next payment; a person decided it stays.
    await keepSuspendedAs(actorOf(target), { id: item.tenantId, reason: `Review decision: ${item.summary}` });
    return {
      ok: true,
      detail:
        "The tenant was already suspended by billing; it now stays suspended until an owner reactivates it.",
    };
  }
  return { ok: true, detail: "The tenant was already suspended." };
};
