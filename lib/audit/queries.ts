import { db, type Prisma } from "@/lib/db";
import type { AuditQuery } from "./schemas";
import { containsText } from "@/lib/text-search";

/** One page of the audit log, newest first. A date-only `to` includes that whole day. */
export async function listAuditEntries(query: AuditQuery) {
  const to =
    query.to && query.to.getUTCHours() === 0 && query.to.getUTCMinutes() === 0
      ? new Date(query.to.getTime() + 86_400_000)
      : query.to;
  const where: Prisma.AuditLogWhereInput = {
    ...(query.actor ? { actorLabel: containsText(query.actor) } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.entityType ? { entityType: query.entityType } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.from || to
      ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(to ? { lt: to } : {}) } }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.auditLog.count({ where }),
  ]);
  return {
    rows,
    total,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}

/**
 * Distinct values for the filter dropdowns, grouped in SQL: Prisma's `distinct` reads every row and
 * drops the repeats in JavaScript, which made the Audit page read the whole log on each render.
 */
export async function auditFilterOptions() {
  const [actions, entityTypes] = await Promise.all([
    db.auditLog.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    db.auditLog.groupBy({ by: ["entityType"], orderBy: { entityType: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), entityTypes: entityTypes.map((e) => e.entityType) };
}
