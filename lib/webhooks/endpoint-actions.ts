import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { encryptPii } from "@/lib/crypto/pii";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueueSoon } from "@/lib/jobs/outbox";
import { recordEvents } from "./record-event";
import {
  createEndpointSchema,
  endpointIdSchema,
  redeliverSchema,
  replaySchema,
  rotateSecretSchema,
  updateEndpointSchema,
} from "./schemas";
import { newWebhookSecret } from "./signing";

const HOUR = 3_600_000;

async function endpointOrThrow(tx: Tx, id: string) {
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw new AppError("NOT_FOUND", "No webhook endpoint with that id.");
  return endpoint;
}

const snapshot = (e: { url: string; description: string; eventTypes: string[]; enabled: boolean }) => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
});

function audit(tx: Tx, actor: Actor, action: string, id: string, after: object, before?: object) {
  return recordAudit(tx, actor, { action, entityType: "webhook_endpoint", entityId: id, before, after });
}

/** Adds an endpoint and returns its signing secret, shown once. */
export const createWebhookEndpoint = defineAction({
  name: "webhooks.create",
  roles: ["OWNER"],
  input: createEndpointSchema,
  run: (actor, input) =>
    db.$transaction(async (tx) => {
      const secret = newWebhookSecret();
      const endpoint = await tx.webhookEndpoint.create({
        data: { ...input, secrets: { create: { secretEncrypted: encryptPii(secret) } } },
      });
      await audit(tx, actor, "webhook.created", endpoint.id, snapshot(endpoint));
      return { id: endpoint.id, secret };
    }),
});

/** Edits an endpoint; enabling it again clears why it was disabled and its run of failures. */
export const updateWebhookEndpoint = defineAction({
  name: "webhooks.update",
  roles: ["OWNER"],
  input: updateEndpointSchema,
  run: (actor, { id, ...fields }) =>
    db.$transaction(async (tx) => {
      const before = await endpointOrThrow(tx, id);
      const reenabled = fields.enabled && !before.enabled;
      const after = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          ...fields,
          ...(reenabled ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
          ...(!fields.enabled && before.enabled
            ? { disabledReason: "disabled by an owner", disabledAt: new Date() }
            : {}),
        },
      });
      await audit(tx, actor, "webhook.updated", id, snapshot(after), snapshot(before));
      return { id, reenabled };
    }),
});

export const deleteWebhookEndpoint = defineAction({
  name: "webhooks.delete",
  roles: ["OWNER"],
  input: endpointIdSchema,
  run: (actor, { id }) =>
    db.$transaction(async (tx) => {
      const before = await endpointOrThrow(tx, id);
      await tx.webhookEndpoint.delete({ where: { id } });
      await audit(tx, actor, "webhook.deleted", id, {}, snapshot(before));
      return { id };
    }),
});

/**
 * Replaces the signing secret (the new one is returned once). The old secret keeps signing beside
 * the new one for the overlap chosen, so a receiver can switch without rejecting a delivery.
 */
export const rotateWebhookSecret = defineAction({
  name: "webhooks.rotateSecret",
  roles: ["OWNER"],
  input: rotateSecretSchema,
  run: (actor, { id, overlapHours }) =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM webhook_endpoints WHERE id = ${id} FOR UPDATE`;
      await endpointOrThrow(tx, id);
      const now = new Date();
      const oldStopsAt = new Date(now.getTime() + overlapHours * HOUR);
      await tx.webhookSecret.updateMany({
        where: { endpointId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: oldStopsAt } }] },
        data: { expiresAt: oldStopsAt },
      });
      const secret = newWebhookSecret();
      await tx.webhookSecret.create({ data: { endpointId: id, secretEncrypted: encryptPii(secret) } });
      await audit(tx, actor, "webhook.secret_rotated", id, {
        overlapHours,
        oldSecretStopsAt: oldStopsAt.toISOString(),
      });
      return { secret, oldSecretStopsAt: oldStopsAt };
    }),
});

/** Sends a `webhook.test` event to this endpoint only, through the same path as every event. */
export const sendTestWebhook = defineAction({
  name: "webhooks.sendTest",
  roles: ["OWNER"],
  input: endpointIdSchema,
  run: async (actor, { id }) => {
    const eventId = await db.$transaction(async (tx) => {
      await endpointOrThrow(tx, id);
      const [event] = await recordEvents(tx, [
        { type: "webhook.test", tenantId: null, data: { message: `Test event sent by ${actor.label}` } },
      ]);
      await tx.webhookDelivery.create({
        data: { eventId: event.id, endpointId: id, lane: event.id, seq: event.seq },
      });
      await audit(tx, actor, "webhook.test_sent", id, { eventId: event.id });
      return event.id;
    });
    await enqueueSoon("deliver-webhooks", { endpointId: id });
    return { eventId };
  },
});

/** Sends one delivery again now, with its event's id, whatever became of it. */
export const redeliverWebhook = defineAction({
  name: "webhooks.redeliver",
  roles: ["OWNER"],
  input: redeliverSchema,
  run: async (actor, { deliveryId }) => {
    const delivery = await db.$transaction(async (tx) => {
      const found = await tx.webhookDelivery.findUnique({ where: { id: deliveryId } });
      if (!found) throw new AppError("NOT_FOUND", "No delivery with that id.");
      await tx.webhookDelivery.update({
        where: { id: deliveryId },
        // A fresh retry schedule: a redelivery that fails is retried like a new one.
        data: { status: "pending", nextAttemptAt: new Date(), retryFrom: found.attempts },
      });
      await audit(tx, actor, "webhook.redelivered", found.endpointId, { deliveryId, eventId: found.eventId });
      return found;
    });
    await enqueueSoon("deliver-webhooks", { endpointId: delivery.endpointId });
    return { id: deliveryId };
  },
});

/**
 * After an outage: every event since `since` that the endpoint subscribes to is delivered again (or
 * for the first time, if it was missed while the endpoint was disabled), oldest first per tenant.
 */
export const replayWebhooks = defineAction({
  name: "webhooks.replay",
  roles: ["OWNER"],
  input: replaySchema,
  run: async (actor, { id, since }) => {
    const lanes = await db.$transaction(async (tx) => {
      const endpoint = await endpointOrThrow(tx, id);
      const now = new Date();
      // Each replayed delivery starts a fresh retry schedule.
      const lanes = await tx.$queryRaw<{ lane: string }[]>`
        INSERT INTO webhook_deliveries (id, event_id, endpoint_id, lane, seq, status, attempts, next_attempt_at, created_at)
        SELECT 'r' || e.id || ${id}, e.id, ${id}, coalesce(e.tenant_id, e.id), e.seq, 'pending', 0, ${now}, ${now}
        FROM webhook_events e
        WHERE e.created_at >= ${since} AND e.type = ANY(${endpoint.eventTypes}::text[])
        ON CONFLICT (event_id, endpoint_id)
        DO UPDATE SET status = 'pending', next_attempt_at = ${now}, retry_from = webhook_deliveries.attempts
        RETURNING lane`;
      await audit(tx, actor, "webhook.replayed", id, {
        since: since.toISOString(),
        deliveries: lanes.length,
      });
      return lanes;
    });
    await enqueueSoon("deliver-webhooks", { endpointId: id });
    return { deliveries: lanes.length };
  },
});
