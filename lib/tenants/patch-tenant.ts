import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { Tenant } from "@/lib/generated/prisma/client";
import { assertSlugFree } from "./assert-slug-free";
import { cancelTenantAs, reactivateTenantAs, suspendTenantAs } from "./change-tenant-status";
import { getTenantByRefOrThrow, getTenantOrThrow } from "./queries";
import type { TenantPatch } from "./sync-schemas";
import { changedColumns, updateTenants } from "./write-tenant-changes";

const statusChanges = {
  suspended: suspendTenantAs,
  cancelled: cancelTenantAs,
  active: reactivateTenantAs,
} as const;

export type PatchOutcome = { status: "updated" | "unchanged"; tenant: Tenant };

/**
 * A status change goes through the owner's own use cases (allowed-from checks, audit, event, and the
 * announcement to decision processes). Asking for the status a tenant already has changes nothing.
 */
async function changeStatus(actor: Actor, tenant: Tenant, patch: TenantPatch): Promise<PatchOutcome> {
  const to = patch.status!;
  if (tenant.status === to) return { status: "unchanged", tenant };
  await statusChanges[to](actor, { id: tenant.id, reason: patch.status_reason! });
  return { status: "updated", tenant: await getTenantOrThrow(tenant.id) };
}

async function assertExternalIdFree(
  tx: Parameters<typeof assertSlugFree>[0],
  externalId: string,
  id: string,
) {
  const holder = await tx.tenant.findUnique({ where: { externalId }, select: { id: true } });
  if (holder && holder.id !== id)
    throw new AppError("CONFLICT", "Another tenant already has that external_id.", {
      external_id: [`The external_id '${externalId}' belongs to another tenant`],
    });
}

/**
 * Changes some of a tenant's fields (named by id, external id or slug) in one transaction with its
 * audit entry and one event (`tenant.plan_changed` when the plan changed, else `tenant.updated`), or
 * changes its status. Sending values it already has changes nothing and records nothing.
 */
export async function patchTenantAs(actor: Actor, ref: string, patch: TenantPatch): Promise<PatchOutcome> {
  if (patch.status) return changeStatus(actor, await getTenantByRefOrThrow(ref), patch);
  return db.$transaction(async (tx) => {
    const before = await getTenantByRefOrThrow(ref, tx);
    if (patch.slug !== undefined) await assertSlugFree(tx, patch.slug, before.id);
    if (patch.external_id) await assertExternalIdFree(tx, patch.external_id, before.id);
    const columns = changedColumns(before, {
      name: patch.name,
      slug: patch.slug,
      plan: patch.plan,
      contactEmail: patch.contact_email,
      timezone: patch.timezone,
      externalId: patch.external_id,
    });
    if (!columns) return { status: "unchanged" as const, tenant: before };
    const [after] = await updateTenants(tx, actor, [{ before, columns }]);
    return { status: "updated" as const, tenant: after };
  });
}
