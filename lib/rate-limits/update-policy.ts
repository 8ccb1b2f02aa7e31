import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { webRedis } from "@/lib/redis";
import { getTenantOrThrow } from "@/lib/tenants/queries";
import { GLOBAL_POLICY_ID } from "./effective-policy";
import { announceRulesChanged } from "./rules-cache";
import { updateGlobalPolicySchema, updateTenantPolicySchema } from "./schemas";

/** The default policy every tenant inherits; applies everywhere within a second. */
export const updateGlobalPolicy = defineAction({
  name: "rateLimits.updateGlobalPolicy",
  roles: ["OWNER"],
  input: updateGlobalPolicySchema,
  run: async (actor, input) => {
    await db.$transaction(async (tx) => {
      const before = await tx.rateLimitPolicy.findUniqueOrThrow({ where: { id: GLOBAL_POLICY_ID } });
      const after = await tx.rateLimitPolicy.update({ where: { id: GLOBAL_POLICY_ID }, data: input });
      await recordAudit(tx, actor, {
        action: "rate_limit.global_policy_updated",
        entityType: "rate_limit_policy",
        entityId: GLOBAL_POLICY_ID,
        before: { ...before },
        after: { ...after },
      });
    });
    await announceRulesChanged(webRedis(), "*");
    return { id: GLOBAL_POLICY_ID };
  },
});

/** A tenant's own switches, and its own limits or auto-ban where it overrides the global policy. */
export const updateTenantPolicy = defineAction({
  name: "rateLimits.updateTenantPolicy",
  roles: ["OWNER"],
  input: updateTenantPolicySchema,
  run: async (actor, { tenantId, ...fields }) => {
    await db.$transaction(async (tx) => {
      await getTenantOrThrow(tenantId, tx);
      const before = await tx.rateLimitPolicy.findUnique({ where: { tenantId } });
      const after = await tx.rateLimitPolicy.upsert({
        where: { tenantId },
        create: { id: tenantId, tenantId, ...fields },
        update: fields,
      });
      await recordAudit(tx, actor, {
        action: "rate_limit.tenant_policy_updated",
        entityType: "tenant",
        entityId: tenantId,
        before: before && { ...before },
        after: { ...after },
      });
    });
    await announceRulesChanged(webRedis(), tenantId);
    return { id: tenantId };
  },
});
