import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { webRedis } from "@/lib/redis";
import { getTenantOrThrow } from "@/lib/tenants/queries";
import { announceRulesChanged } from "./rules-cache";
import { addIpListEntrySchema, removeIpListEntrySchema } from "./schemas";

const listName = { allow: "allowlist", deny: "denylist" } as const;

/** Adds an address or range (stored in canonical form, so "10.0.0.0/8" and "10.0.0.0/08" are one entry). */
export const addIpListEntry = defineAction({
  name: "rateLimits.addIpListEntry",
  roles: ["OWNER"],
  input: addIpListEntrySchema,
  run: async (actor, input) => {
    const entry = await db.$transaction(async (tx) => {
      await getTenantOrThrow(input.tenantId, tx);
      const existing = await tx.ipListEntry.findUnique({
        where: { tenantId_cidr: { tenantId: input.tenantId, cidr: input.cidr } },
      });
      if (existing)
        throw new AppError("CONFLICT", `${input.cidr} is already on the ${listName[existing.list]}.`, {
          cidr: [`Already on the ${listName[existing.list]}`],
        });
      const created = await tx.ipListEntry.create({ data: input });
      await recordAudit(tx, actor, {
        action: `rate_limit.${input.list}list_added`,
        entityType: "tenant",
        entityId: input.tenantId,
        after: { cidr: created.cidr, list: created.list, note: created.note },
      });
      return created;
    });
    await announceRulesChanged(webRedis(), input.tenantId);
    return { id: entry.id, cidr: entry.cidr };
  },
});

export const removeIpListEntry = defineAction({
  name: "rateLimits.removeIpListEntry",
  roles: ["OWNER"],
  input: removeIpListEntrySchema,
  run: async (actor, input) => {
    await db.$transaction(async (tx) => {
      const entry = await tx.ipListEntry.findFirst({ where: { id: input.id, tenantId: input.tenantId } });
      if (!entry) throw new AppError("NOT_FOUND", "That entry is no longer on the list.");
      await tx.ipListEntry.delete({ where: { id: entry.id } });
      await recordAudit(tx, actor, {
        action: `rate_limit.${entry.list}list_removed`,
        entityType: "tenant",
        entityId: input.tenantId,
        before: { cidr: entry.cidr, list: entry.list, note: entry.note },
      });
    });
    await announceRulesChanged(webRedis(), input.tenantId);
    return { id: input.id };
  },
});
