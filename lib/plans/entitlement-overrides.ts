import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { getTenantOrThrow } from "@/lib/tenants/queries";
import { forgetEntitlements } from "./entitlements-cache";
import { removeOverrideSchema, setOverrideSchema } from "./schemas";

/**
 * Gives one tenant its own value for a limit, or grants or withdraws a feature, until `endsAt` if
 * given (a temporary boost stops counting on that date). Replaces an override of the same key. Audited.
 */
export const setEntitlementOverride = defineAction({
  name: "plans.setOverride",
  roles: ["OWNER"],
  input: setOverrideSchema,
  async run(actor, { tenantId, key, kind, limit, enabled, endsAt, reason }) {
    const fields = {
      limit: kind === "limit" ? limit! : null,
      enabled: kind === "feature" ? enabled === "true" : null,
      endsAt: endsAt ?? null,
      reason,
    };
    await db.$transaction(async (tx) => {
      await getTenantOrThrow(tenantId, tx);
      const before = await tx.entitlementOverride.findUnique({ where: { tenantId_key: { tenantId, key } } });
      await tx.entitlementOverride.upsert({
        where: { tenantId_key: { tenantId, key } },
        create: { tenantId, key, ...fields },
        update: fields,
      });
      await recordAudit(tx, actor, {
        action: "tenant.entitlement_overridden",
        entityType: "tenant",
        entityId: tenantId,
        before: before && {
          key,
          limit: before.limit,
          enabled: before.enabled,
          endsAt: before.endsAt?.toISOString() ?? null,
        },
        after: { key, ...fields, endsAt: fields.endsAt?.toISOString() ?? null },
      });
    });
    await forgetEntitlements([tenantId]);
    return { tenantId, key };
  },
});

/** Ends an override now; the tenant is back on its plan's value. Audited. */
export const removeEntitlementOverride = defineAction({
  name: "plans.removeOverride",
  roles: ["OWNER"],
  input: removeOverrideSchema,
  async run(actor, { tenantId, key }) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.entitlementOverride.deleteMany({ where: { tenantId, key } });
      if (count === 0) return;
      await recordAudit(tx, actor, {
        action: "tenant.entitlement_override_removed",
        entityType: "tenant",
        entityId: tenantId,
        before: { key },
      });
    });
    await forgetEntitlements([tenantId]);
    return { tenantId, key };
  },
});
