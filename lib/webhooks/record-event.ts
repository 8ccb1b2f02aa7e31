import type { Tx } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/new-id";
import {
  EVENT_CATALOGUE,
  EVENT_SCHEMA_VERSION,
  type EventData,
  type EventEnvelope,
  type EventType,
} from "./event-catalogue";
import { tenantState } from "./resources";

export type NewEvent = {
  [T in EventType]: { type: T; tenantId: string | null; data: EventData<T> };
}[EventType];

/**
 * Writes events into the outbox, inside the transaction of the change they describe: a rolled-back
 * change leaves no event, a committed one always has its event (the worker fans it out).
 *
 * Each tenant's counter row is bumped first and stays locked until the commit, so a tenant's events
 * are numbered (`version`) and sequenced (`seq`) in the order their changes commit; the worker
 * delivers one tenant's events to an endpoint in that order.
 */
export async function recordEvents(
  tx: Tx,
  events: NewEvent[],
  at = new Date(),
): Promise<{ id: string; seq: bigint }[]> {
  if (events.length === 0) return [];
  const perTenant = new Map<string, number>();
  for (const event of events)
    if (event.tenantId) perTenant.set(event.tenantId, (perTenant.get(event.tenantId) ?? 0) + 1);
  // Tenant rows first, then their counters, both sorted: the order every change takes (a status
  // change locks its tenant before its event), so two transactions never wait on each other in a ring.
  const tenants = [...perTenant.keys()].sort();
  if (tenants.length)
    await tx.$queryRaw`SELECT 1 FROM tenants WHERE id = ANY(${tenants}::text[]) ORDER BY id FOR NO KEY UPDATE`;
  const bumped = tenants.length
    ? await tx.$queryRaw<{ tenant_id: string; version: number }[]>`
        INSERT INTO webhook_streams (tenant_id, version)
        SELECT * FROM unnest(${tenants}::text[], ${tenants.map((id) => perTenant.get(id)!)}::int[])
        ON CONFLICT (tenant_id) DO UPDATE SET version = webhook_streams.version + excluded.version
        RETURNING tenant_id, version`
    : [];
  // The batch's versions of a tenant end at the returned one; hand them out in the batch's order.
  const next = new Map(bumped.map((row) => [row.tenant_id, row.version - perTenant.get(row.tenant_id)! + 1]));
  const rows = events.map((event) => {
    const version = event.tenantId ? next.get(event.tenantId)! : 0;
    if (event.tenantId) next.set(event.tenantId, version + 1);
    const payload: EventEnvelope = {
      type: event.type,
      timestamp: at.toISOString(),
      schema_version: EVENT_SCHEMA_VERSION,
      tenant_id: event.tenantId,
      version,
      // A payload that breaks its own schema is a bug here, not something to send.
      data: EVENT_CATALOGUE[event.type].data.parse(event.data) as Record<string, unknown>,
    };
    return { id: `msg_${newId()}`, type: event.type, tenantId: event.tenantId, version, payload };
  });
  // One statement over arrays, in the batch's order: Prisma's createMany spends ~0.3 ms a row building
  // the query, which made it most of the time of a bulk import (bench/tenant-import.ts).
  return tx.$queryRaw<{ id: string; seq: bigint }[]>`
    INSERT INTO webhook_events (id, type, tenant_id, version, payload, created_at)
    SELECT *, ${at.toISOString()}::timestamp(3) FROM unnest(
      ${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.tenantId)}::text[],
      ${rows.map((r) => r.version)}::int[], ${rows.map((r) => JSON.stringify(r.payload))}::jsonb[]
    )
    RETURNING id, seq`;
}

type TenantEventType =
  "tenant.created" | "tenant.updated" | "tenant.suspended" | "tenant.reactivated" | "tenant.cancelled";

/** Records tenant events carrying each tenant's state as this transaction leaves it. */
export function recordTenantEvents(tx: Tx, changes: { tenant: Tenant; type: TenantEventType }[]) {
  return recordEvents(
    tx,
    changes.map(({ tenant, type }) => ({ type, tenantId: tenant.id, data: { tenant: tenantState(tenant) } })),
  );
}

/** The event a status change is: suspension, reactivation, cancellation, or another update. */
export function statusChangeEvent(from: Tenant["status"], to: Tenant["status"]): TenantEventType {
  if (to === "suspended") return "tenant.suspended";
  if (to === "cancelled") return "tenant.cancelled";
  if (from === "suspended") return "tenant.reactivated";
  return "tenant.updated";
}
