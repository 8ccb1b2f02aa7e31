import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { raiseNotification, type NewNotification } from "@/lib/notifications/raise-notification";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { listNotifications, listRecentNotifications } from "@/lib/notifications/queries";
import { notificationsQuerySchema } from "@/lib/notifications/schemas";
import { GET } from "@/app/api/notifications/route";
import { POST } from "@/app/api/notifications/read/route";
import { makeUser } from "./setup/fixtures";

// The routes read the session through next-auth and request headers, which exist only inside a
// Next request; here each test says who is signed in, and everything after that is the real code.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_server/session", () => ({ currentActor: async () => session.actor }));

let counter = 0;
function raise(overrides: Partial<NewNotification> = {}) {
  counter++;
  return raiseNotification({
    severity: "warning",
    title: `Job failed ${counter}`,
    body: `Attempt ${counter} failed`,
    link: `/jobs/email%3A${counter}`,
    dedupeKey: `test:${counter}`,
    ...overrides,
  });
}

const unreadOf = async (actor: Actor) => (await listRecentNotifications(actor.id!)).unread;

async function get(as: Actor | null) {
  session.actor = as;
  return GET(new Request("http://steward.test/api/notifications"));
}

async function post(as: Actor | null, body: string) {
  session.actor = as;
  return POST(
    new Request("http://steward.test/api/notifications/read", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  );
}

describe("in-app notifications", () => {
  it("raises one notification per dedupe key, however often a job raises it", async () => {
    const first = await raise({ dedupeKey: "job-failed:email:42:5", title: "Job failed: send-email" });
    const again = await raise({
      dedupeKey: "job-failed:email:42:5",
      title: "The same failure, raised again by a retried job",
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(await db.notification.findMany({ where: { dedupeKey: "job-failed:email:42:5" } })).toMatchObject([
      { id: first.id, title: "Job failed: send-email" },
    ]);
  });

  it("keeps read state per person: one owner's reads leave another's unread count alone", async () => {
    const { actor: alice } = await makeUser("OWNER");
    const { actor: bob } = await makeUser("OWNER");
    const [a, b] = [await raise(), await raise()];
    const before = { alice: await unreadOf(alice), bob: await unreadOf(bob) };

    expect(await markNotificationsRead.execute(alice, { id: a.id })).toEqual({ marked: 1 });
    expect(await markNotificationsRead.execute(alice, { id: a.id })).toEqual({ marked: 0 });
    expect(await unreadOf(alice)).toBe(before.alice - 1);
    expect(await unreadOf(bob)).toBe(before.bob);

    const seenByAlice = (await listRecentNotifications(alice.id!)).notifications;
    expect(seenByAlice.find((n) => n.id === a.id)?.read).toBe(true);
    expect(seenByAlice.find((n) => n.id === b.id)?.read).toBe(false);
    expect((await listRecentNotifications(bob.id!)).notifications.find((n) => n.id === a.id)?.read).toBe(
      false,
    );
  });

  it("marks all read up to the moment given, so one raised meanwhile stays unread", async () => {
    const { actor: owner } = await makeUser("OWNER");
    const older = await raise();
    const newer = await raise({ severity: "critical" });
    const upTo = new Date(Date.now() - 60_000);
    await db.notification.update({
      where: { id: older.id },
      data: { createdAt: new Date(upTo.getTime() - 1_000) },
    });
    await db.notification.update({ where: { id: newer.id }, data: { createdAt: new Date() } });

    await markNotificationsRead.execute(owner, { all: true, upTo: upTo.toISOString() });
    const unread = await listNotifications(owner.id!, notificationsQuerySchema.parse({ unread: "true" }));
    expect(unread.rows.map((n) => n.id)).toContain(newer.id);
    expect(unread.rows.map((n) => n.id)).not.toContain(older.id);
    expect(unread.total).toBe(await db.notification.count({ where: { createdAt: { gt: upTo } } }));

    await markNotificationsRead.execute(owner, { all: true });
    expect(await unreadOf(owner)).toBe(0);
  });

  it("pages and filters the notification center by severity and read state", async () => {
    const { actor: owner } = await makeUser("OWNER");
    const critical = await raise({ severity: "critical" });
    await markNotificationsRead.execute(owner, { id: critical.id });
    await raise({ severity: "critical" });

    const criticalOnly = await listNotifications(
      owner.id!,
      notificationsQuerySchema.parse({ severity: "critical", pageSize: "1" }),
    );
    expect(criticalOnly.total).toBe(await db.notification.count({ where: { severity: "critical" } }));
    expect(criticalOnly.rows).toHaveLength(1);
    expect(criticalOnly.pageCount).toBe(criticalOnly.total);
    const unreadCritical = await listNotifications(
      owner.id!,
      notificationsQuerySchema.parse({ severity: "critical", unread: "true" }),
    );
    expect(unreadCritical.rows.every((n) => n.severity === "critical" && !n.read)).toBe(true);
    expect(unreadCritical.total).toBe(criticalOnly.total - 1);
    expect(unreadCritical.unread).toBe(await unreadOf(owner));
  });

  it("refuses a read mark from Steward itself, which has no read state of its own", async () => {
    await expect(markNotificationsRead.execute(systemActor("test"), { all: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("GET /api/notifications", () => {
  it("returns the owner's 20 latest, newest first, each with their read state, and the unread count", async () => {
    const { actor: owner } = await makeUser("OWNER");
    for (let i = 0; i < 21; i++) await raise();
    const latest = await raise({ severity: "info", title: "Newest" });
    // Raised within the same millisecond as the one before, it could otherwise share its time.
    await db.notification.update({
      where: { id: latest.id },
      data: { createdAt: new Date(Date.now() + 1_000) },
    });
    await markNotificationsRead.execute(owner, { id: latest.id });

    const response = await get(owner);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      notifications: { id: string; createdAt: string; read: boolean; dedupeKey?: string }[];
      unread: number;
    };
    expect(body.notifications).toHaveLength(20);
    expect(body.notifications[0]).toMatchObject({
      id: latest.id,
      title: "Newest",
      severity: "info",
      read: true,
    });
    expect(body.notifications[0]).not.toHaveProperty("dedupeKey");
    const times = body.notifications.map((n) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(body.unread).toBe((await db.notification.count()) - 1);
  });

  it("403 for a reviewer, 401 signed out", async () => {
    const { actor: reviewer } = await makeUser("REVIEWER");
    expect((await get(reviewer)).status).toBe(403);
    expect((await get(null)).status).toBe(401);
  });
});

describe("POST /api/notifications/read", () => {
  it("marks one notification read for the signed-in owner only", async () => {
    const { actor: owner } = await makeUser("OWNER");
    const { actor: other } = await makeUser("OWNER");
    const { id } = await raise();
    const response = await post(owner, JSON.stringify({ id }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ marked: 1 });
    expect(await db.notificationRead.findMany({ where: { notificationId: id } })).toMatchObject([
      { userId: owner.id },
    ]);
    expect((await listRecentNotifications(other.id!)).notifications.find((n) => n.id === id)?.read).toBe(
      false,
    );
  });

  it("marks all read", async () => {
    const { actor: owner } = await makeUser("OWNER");
    await raise();
    expect((await post(owner, JSON.stringify({ all: true }))).status).toBe(200);
    expect(await unreadOf(owner)).toBe(0);
  });

  it.each([
    ["not JSON", "mark it please"],
    ["an empty id", JSON.stringify({ id: "" })],
    ["all: false", JSON.stringify({ all: false })],
    ["an unknown field", JSON.stringify({ all: true, userId: "someone-else" })],
    ["a date that is not ISO", JSON.stringify({ all: true, upTo: "yesterday" })],
  ])("400 on %s", async (_case, body) => {
    const { actor: owner } = await makeUser("OWNER");
    const response = await post(owner, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "VALIDATION" } });
    expect(await db.notificationRead.count({ where: { userId: owner.id! } })).toBe(0);
  });

  it("404 for an unknown notification", async () => {
    const { actor: owner } = await makeUser("OWNER");
    expect((await post(owner, JSON.stringify({ id: "no-such-notification" }))).status).toBe(404);
  });

  it("403 for a reviewer, before looking at the input; nothing is marked", async () => {
    const { actor: reviewer } = await makeUser("REVIEWER");
    expect((await post(reviewer, JSON.stringify({ all: true }))).status).toBe(403);
    expect((await post(reviewer, "not json")).status).toBe(403);
    await expect(markNotificationsRead.execute(reviewer, { all: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      status: 403,
    });
    expect(await db.notificationRead.count({ where: { userId: reviewer.id! } })).toBe(0);
  });
});
