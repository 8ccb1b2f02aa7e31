import type { Prisma, Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
};

function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    actorId: actor.kind === "user" ? actor.id : null,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? undefined,
    after: entry.after ?? undefined,
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
  };
}

/** Appends an audit entry inside the caller's transaction, so the change and its record commit together. */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(actor, entry) });
}

/** The batch form, one statement for a sweep's whole batch. */
export async function recordAudits(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await tx.auditLog.createMany({ data: entries.map((entry) => auditRow(actor, entry)) });
}
