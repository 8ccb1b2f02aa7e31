import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { TenantStatus } from "@/lib/generated/prisma/enums";
import { changeTenantStatusSchema } from "./schemas";
import { getTenantOrThrow } from "./queries";
import { auditSnapshot } from "./tenant-view";

/** Suspending cuts a tenant off; a cancelled tenant is gone for good and cannot be suspended. */
export const suspendTenant = defineAction({
  name: "tenants.suspend",
  roles: ["OWNER"],
  input: changeTenantStatusSchema,
  run: (actor, input) =>
    db.$transaction(async (tx) => {
      const before = await getTenantOrThrow(input.id, tx);
      if (before.status === TenantStatus.suspended) throw new AppError("CONFLICT", "This tenant is already suspended.");
      if (before.status === TenantStatus.cancelled) throw new AppError("CONFLICT", "A cancelled tenant cannot be suspended.");
      const after = await tx.tenant.update({
        where: { id: input.id },
        data: { status: TenantStatus.suspended, statusReason: input.reason, statusChangedAt: new Date() },
      });
      await recordAudit(tx, actor, {
        action: "tenant.suspended",
        entityType: "tenant",
        entityId: input.id,
        before: auditSnapshot(before),
        after: { ...auditSnapshot(after), reason: input.reason },
      });
      return { id: input.id };
    }),
});

export const reactivateTenant = defineAction({
  name: "tenants.reactivate",
  roles: ["OWNER"],
  input: changeTenantStatusSchema,
  run: (actor, input) =>
    db.$transaction(async (tx) => {
      const before = await getTenantOrThrow(input.id, tx);
      if (before.status !== TenantStatus.suspended) throw new AppError("CONFLICT", "Only a suspended tenant can be reactivated.");
      const after = await tx.tenant.update({
        where: { id: input.id },
        data: { status: TenantStatus.active, statusReason: input.reason, statusChangedAt: new Date() },
      });
      await recordAudit(tx, actor, {
        action: "tenant.reactivated",
        entityType: "tenant",
        entityId: input.id,
        before: auditSnapshot(before),
        after: { ...auditSnapshot(after), reason: input.reason },
      });
      return { id: input.id };
    }),
});
