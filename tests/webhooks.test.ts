import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import { mapWithConcurrency } from "@/lib/map-with-concurrency";
import { closeQueues } from "@/lib/jobs/queues";
import { pruneExpiredRecords } from "@/lib/jobs/prune-expired-records";
import { waitForExit } from "@/lib/devservices/child-process";
import { webRedis, whenReady } from "@/lib/redis";
import { suspendTenant, reactivateTenant } from "@/lib/tenants/change-tenant-status";
import { deliverToEndpoint } from "@/lib/webhooks/deliver-endpoint";
import { dispatchWebhookEvents } from "@/lib/webhooks/dispatch-events";
import { sweepWebhooks } from "@/lib/webhooks/sweep-webhooks";
import {
  createWebhookEndpoint,
  redeliverWebhook,
  replayWebhooks,
  rotateWebhookSecret,
  sendTestWebhook,
} from "@/lib/webhooks/endpoint-actions";
import { isPublicAddress, publicOnlyLookup, refusedTarget } from "@/lib/webhooks/outbound-guard";
import type { EventType } from "@/lib/webhooks/event-catalogue";
import { makeTenant, makeUser } from "./setup/fixtures";
import { until } from "./setup/until";
import { startWebhookReceiver, type AnswerFn } from "./setup/webhook-receiver";

// Short retries for the stepped-clock tests (read once, on first use of the settings).
process.env.WEBHOOK_RETRY_DELAYS = "60,600,3600";
const { actor: owner } = await makeUser("OWNER");
const running: ChildProcess[] = [];
const receivers: { close(): Promise<void> }[] = [];

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: "ignore",
  });
  running.push(child);
  return child;
}

async function receiverAndEndpoint(eventTypes: EventType[], answer?: AnswerFn) {
  const secrets: string[] = [];
  const receiver = await startWebhookReceiver({ secrets: () => secrets, answer });
  receivers.push(receiver);
  const endpoint = await createWebhookEndpoint.execute(owner, { url: receiver.url, eventTypes });
  secrets.push(endpoint.secret);
  return { receiver, endpoint, secrets };
}

const delivered = (endpointId: string) =>
  db.webhookDelivery.count({ where: { endpointId, status: { not: "pending" } } });

afterEach(async () => {
  // Gone before the next test, so a dying worker never delivers the next test's events.
  await Promise.all(
    running.splice(0).map((child) => {
      child.kill("SIGKILL");
      return waitForExit(child);
    }),
  );
  for (const receiver of receivers.splice(0)) await receiver.close();
  // Endpoints of one test must not receive the next test's events.
  await db.webhookEndpoint.updateMany({ data: { enabled: false } });
});

afterAll(async () => {
  await closeQueues();
});

describe("webhook delivery through the worker", () => {
  it("suspending a tenant sends exactly one tenant.suspended, signed so the standardwebhooks package verifies it", async () => {
    const { receiver, endpoint } = await receiverAndEndpoint(["tenant.suspended"]);
    startWorker();
    const tenant = await makeTenant(owner);
    await suspendTenant.execute(owner, { id: tenant.id, reason: "Chargeback fraud" });

    await until(() => receiver.received.length === 1, 20_000, "the suspension delivered");
    await until(async () => (await delivered(endpoint.id)) === 1, 5_000, "the delivery recorded");
    const [message] = receiver.received;
    expect(message.verified).toBe(true);
    expect(message.payload).toMatchObject({
      type: "tenant.suspended",
      tenant_id: tenant.id,
      version: 2,
      data: {
        tenant: { id: tenant.id, slug: tenant.slug, status: "suspended", status_reason: "Chargeback fraud" },
      },
    });
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { id: message.id } });
    expect(event.type).toBe("tenant.suspended");
    // Nothing else was sent to it (tenant.created is not subscribed).
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
  });

  it("a receiver that fails three times gets the event on the 4th attempt, with the same webhook-id each time", async () => {
    const { receiver, endpoint } = await receiverAndEndpoint(["tenant.created"], ({ count }) => ({
      status: count <= 3 ? 500 : 200,
    }));
    startWorker({ WEBHOOK_RETRY_DELAYS: "1,1,1,1" });
    const tenant = await makeTenant(owner);

    await until(() => receiver.received.length === 1, 30_000, "delivery after three failures");
    const id = receiver.received[0].id;
    expect(receiver.attemptsOf(id)).toBe(4);
    expect(receiver.received[0].payload.tenant_id).toBe(tenant.id);
    await until(async () => (await delivered(endpoint.id)) === 1, 5_000, "the delivery recorded");
    const log = await db.webhookAttempt.findMany({
      where: { endpointId: endpoint.id },
      orderBy: { attempt: "asc" },
    });
    expect(log.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    expect(log[0].responseExcerpt).toBe("receiver error");
    const endpointRow = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(endpointRow.failingSince).toBeNull();
  });

  it("a worker killed mid-delivery loses nothing: a new worker delivers every event", async () => {
    const { receiver, endpoint } = await receiverAndEndpoint(["tenant.created"], () => ({
      status: 200,
      delayMs: 150,
    }));
    const first = startWorker();
    const tenants = [];
    for (let i = 0; i < 20; i++) tenants.push(await makeTenant(owner));
    await until(() => receiver.received.length >= 2, 20_000, "deliveries under way");
    first.kill("SIGKILL");
    const sentBeforeKill = receiver.received.length;
    expect(sentBeforeKill).toBeLessThan(20);

    startWorker();
    const expected = new Set(
      (await db.webhookEvent.findMany({ where: { tenantId: { in: tenants.map((t) => t.id) } } })).map(
        (e) => e.id,
      ),
    );
    expect(expected.size).toBe(20);
    // The killed worker's holds lapse within seconds; the sweep queues the lanes again.
    await until(
      async () => {
        const ids = new Set(receiver.received.map((r) => r.id));
        const pending = await db.webhookDelivery.count({
          where: { endpointId: endpoint.id, status: "pending" },
        });
        if ([...expected].every((id) => ids.has(id)) && pending === 0) return true;
        await sweepWebhooks();
        return false;
      },
      45_000,
      "every event delivered after the kill",
    );
    expect(receiver.received.every((r) => r.verified)).toBe(true);
  });

  it("1,000 status flips over 50 tenants reach a slow receiver in each tenant's own order", async () => {
    const { receiver } = await receiverAndEndpoint(["tenant.suspended", "tenant.reactivated"], () => ({
      status: 200,
      delayMs: Math.floor(Math.random() * 8),
    }));
    startWorker();
    const tenants = [];
    for (let i = 0; i < 50; i++) tenants.push(await makeTenant(owner));
    // Each tenant flips 20 times in turn; ten tenants flip at any moment (the connection pool's size).
    await mapWithConcurrency(tenants, 10, async (tenant) => {
      for (let i = 0; i < 10; i++) {
        await suspendTenant.execute(owner, { id: tenant.id, reason: `flip ${i}` });
        await reactivateTenant.execute(owner, { id: tenant.id, reason: `flip ${i}` });
      }
    });
    await until(() => receiver.received.length >= 1_000, 60_000, "1,000 deliveries");
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1_000);
    for (const tenant of tenants) {
      const mine = receiver.received.filter((r) => r.payload.tenant_id === tenant.id);
      expect(mine).toHaveLength(20);
      const versions = mine.map((r) => r.payload.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(mine.map((r) => r.payload.type)).toEqual(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? "tenant.suspended" : "tenant.reactivated")),
      );
    }
  }, 120_000);
});

describe("webhook delivery under a stepped clock", () => {
  const redis = () => whenReady(webRedis());

  async function runUntilDone(endpointId: string, start: Date, limit = 30) {
    let now = start;
    for (let i = 0; i < limit; i++) {
      const run = await deliverToEndpoint(await redis(), endpointId, () => now);
      if (!(run.next instanceof Date)) return now;
      now = run.next;
    }
    return now;
  }

  it("disables an endpoint that keeps failing for 3 days and notifies the owners", async () => {
    const { endpoint } = await receiverAndEndpoint(["tenant.created"], () => ({ status: 503 }));
    await makeTenant(owner);
    await dispatchWebhookEvents();
    const start = new Date();
    const hours = (n: number) => new Date(start.getTime() + n * 3_600_000);
    const end = await runUntilDone(endpoint.id, start);

    // Four attempts (WEBHOOK_RETRY_DELAYS above), each after its jittered delay, then given up.
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect([delivery.status, delivery.attempts, delivery.lastStatus]).toEqual(["failed", 4, 503]);
    expect(end.getTime() - start.getTime()).toBeGreaterThan(0.8 * 4_260_000);
    const state = async () =>
      (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).enabled;
    expect(await state()).toBe(true);
    await sweepWebhooks(hours(71));
    expect(await state()).toBe(true);
    await sweepWebhooks(hours(72.1));
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.enabled).toBe(false);
    expect(row.disabledReason).toBe("no delivery succeeded for 72 hours");
    const notification = await db.notification.findFirst({
      where: { link: `/settings/webhooks/${endpoint.id}`, title: "Webhook endpoint disabled" },
    });
    expect(notification?.severity).toBe("critical");
  });

  it("holds a tenant's later events behind a failed one until its retry, while other tenants go on", async () => {
    let firstId: string | null = null;
    const { receiver, endpoint } = await receiverAndEndpoint(
      ["tenant.created", "tenant.suspended"],
      ({ id, count }) => {
        firstId ??= id;
        return { status: id === firstId && count === 1 ? 500 : 200 };
      },
    );
    const blocked = await makeTenant(owner);
    await suspendTenant.execute(owner, { id: blocked.id, reason: "Fraud" });
    const other = await makeTenant(owner);
    await dispatchWebhookEvents();
    const start = new Date();
    const run = await deliverToEndpoint(await redis(), endpoint.id, () => start);
    // The blocked tenant's creation failed; its suspension waits; the other tenant's creation went.
    expect(receiver.received.map((r) => [r.payload.tenant_id, r.payload.type])).toEqual([
      [other.id, "tenant.created"],
    ]);
    expect(run.next).toBeInstanceOf(Date);
    const retryAt = run.next as Date;
    expect(retryAt.getTime() - start.getTime()).toBeGreaterThanOrEqual(0.8 * 60_000);

    await deliverToEndpoint(await redis(), endpoint.id, () => new Date(retryAt.getTime() - 1_000));
    expect(receiver.received).toHaveLength(1);
    expect(await deliverToEndpoint(await redis(), endpoint.id, () => retryAt)).toMatchObject({
      delivered: 2,
      next: "idle",
    });
    expect(receiver.received.slice(1).map((r) => [r.payload.tenant_id, r.payload.type])).toEqual([
      [blocked.id, "tenant.created"],
      [blocked.id, "tenant.suspended"],
    ]);
  });

  it("disables an endpoint at once when it answers 410 Gone", async () => {
    const { endpoint } = await receiverAndEndpoint(["tenant.created"], () => ({ status: 410 }));
    await makeTenant(owner);
    await dispatchWebhookEvents();
    await deliverToEndpoint(await redis(), endpoint.id);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.enabled).toBe(false);
    expect(row.disabledReason).toBe("the endpoint answered 410 Gone");
  });

  it("after a rotation both secrets sign during the overlap, only the new one after it", async () => {
    const { receiver, endpoint, secrets } = await receiverAndEndpoint(["tenant.created"]);
    const { secret: fresh } = await rotateWebhookSecret.execute(owner, { id: endpoint.id, overlapHours: 24 });
    const [old] = secrets;
    await sendTestWebhook.execute(owner, { id: endpoint.id });
    await deliverToEndpoint(await redis(), endpoint.id);
    const during = receiver.received.at(-1)!;
    const headers = {
      "webhook-id": during.id,
      "webhook-timestamp": during.timestamp,
      "webhook-signature": during.signature,
    };
    expect(() => new Webhook(old).verify(during.body, headers)).not.toThrow();
    expect(() => new Webhook(fresh).verify(during.body, headers)).not.toThrow();
    expect(during.signature.split(" ")).toHaveLength(2);

    const after = new Date(Date.now() + 25 * 3_600_000);
    const second = await sendTestWebhook.execute(owner, { id: endpoint.id });
    await deliverToEndpoint(await redis(), endpoint.id, () => after);
    const late = receiver.received.at(-1)!;
    expect(late.id).toBe(second.eventId);
    const sign = (secret: string) => new Webhook(secret).sign(late.id, after, late.body);
    expect(late.signature.split(" ")).toEqual([sign(fresh)]);
    expect(late.signature).not.toContain(sign(old).slice(3));
  });

  it("redelivers one delivery with its webhook-id, and replays every event since a time after an outage", async () => {
    const { receiver, endpoint } = await receiverAndEndpoint(["tenant.created", "tenant.suspended"]);
    const before = new Date();
    const tenant = await makeTenant(owner);
    await suspendTenant.execute(owner, { id: tenant.id, reason: "Fraud" });
    await dispatchWebhookEvents();
    await deliverToEndpoint(await redis(), endpoint.id);
    expect(receiver.received.map((r) => r.payload.type)).toEqual(["tenant.created", "tenant.suspended"]);

    const first = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
      orderBy: { seq: "asc" },
    });
    await redeliverWebhook.execute(owner, { deliveryId: first.id });
    await deliverToEndpoint(await redis(), endpoint.id);
    expect(receiver.received.at(-1)!.id).toBe(first.eventId);

    const { deliveries } = await replayWebhooks.execute(owner, { id: endpoint.id, since: before });
    expect(deliveries).toBe(2);
    // A replay starts each delivery's retry schedule afresh, however many attempts it had.
    const replayed = await db.webhookDelivery.findUniqueOrThrow({ where: { id: first.id } });
    expect([replayed.status, replayed.attempts, replayed.retryFrom]).toEqual(["pending", 2, 2]);
    await deliverToEndpoint(await redis(), endpoint.id);
    expect(receiver.received.slice(-2).map((r) => r.payload.type)).toEqual([
      "tenant.created",
      "tenant.suspended",
    ]);
    expect(await db.webhookAttempt.count({ where: { endpointId: endpoint.id } })).toBe(5);
  });
});

describe("webhook retention", () => {
  it("the nightly housekeeping deletes events past their 30 days with their deliveries and log, and keeps newer ones", async () => {
    const { endpoint } = await receiverAndEndpoint(["tenant.created"]);
    const tenant = await makeTenant(owner);
    await dispatchWebhookEvents();
    await deliverToEndpoint(await whenReady(webRedis()), endpoint.id);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(await db.webhookAttempt.count({ where: { delivery: { eventId: event.id } } })).toBe(1);

    await pruneExpiredRecords(async () => {}, new Date(event.createdAt.getTime() + 29 * 86_400_000));
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(1);
    await pruneExpiredRecords(async () => {}, new Date(event.createdAt.getTime() + 31 * 86_400_000));
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { eventId: event.id } })).toBe(0);
    expect(await db.webhookAttempt.count({ where: { endpointId: endpoint.id } })).toBe(0);
  });
});

describe("outbound requests", () => {
  it("refuse private, loopback and link-local targets unless allowed", async () => {
    for (const url of [
      "http://127.0.0.1/x",
      "http://10.1.2.3/x",
      "http://[::1]/x",
      "http://169.254.169.254/latest",
      "http://localhost:3000/",
    ])
      expect(refusedTarget(new URL(url), false), url).toBe("Private and loopback addresses are refused");
    expect(refusedTarget(new URL("https://hooks.example.com/steward"), false)).toBeNull();
    expect(refusedTarget(new URL("ftp://hooks.example.com/"), false)).toBe("Use an http or https URL");
    expect(refusedTarget(new URL("http://127.0.0.1/x"), true)).toBeNull();
    expect(isPublicAddress("93.184.216.34")).toBe(true);
    const lookedUp = await new Promise<Error | null>((resolve) =>
      publicOnlyLookup("localhost", {}, (error) => resolve(error)),
    );
    expect(lookedUp?.message).toBe("localhost resolves to a private address");
  });

  it("a new endpoint answers 400-style field errors for a bad URL or no event types", async () => {
    await expect(
      createWebhookEndpoint.execute(owner, { url: "not a url", eventTypes: [] }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { url: [expect.stringContaining("full URL")], eventTypes: ["Choose at least one event type"] },
    });
  });
});
