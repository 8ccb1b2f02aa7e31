import type { Prisma, Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { newId } from "@/lib/new-id";

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

/** The batch form: one statement for a sweep's whole batch (raw SQL over arrays; see recordActivities). */
export async function recordAudits(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => auditRow(actor, entry));
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  const createdAt = new Date().toISOString();
  await tx.$executeRaw`
    INSERT INTO audit_logs (id, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, request_id, created_at)
    SELECT *, ${createdAt}::timestamp FROM unnest(
      ${rows.map(() => newId())}::text[], ${rows.map((r) => r.actorId)}::text[], ${rows.map((r) => r.actorLabel)}::text[],
      ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.entityType)}::text[], ${rows.map((r) => r.entityId)}::text[],
      ${rows.map((r) => json(r.before))}::jsonb[], ${rows.map((r) => json(r.after))}::jsonb[],
      ${rows.map((r) => r.ip)}::text[], ${rows.map((r) => r.requestId)}::text[]
    )`;
}
