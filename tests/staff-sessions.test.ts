import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  closeSession,
  endedSessionSweep,
  listOpenSessions,
  openSession,
  SESSION_MAX_AGE_SECONDS,
  sessionUser,
} from "@/lib/auth/staff-sessions";
import { signOutEverywhere, signOutSession } from "@/lib/auth/session-actions";
import { makeUser } from "./setup/fixtures";

const browser = { ip: "203.0.113.20", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 9, minutes));

describe("staff sessions", () => {
  it("a session stands for its user until it is signed out, expires, or the account is disabled", async () => {
    const { user } = await makeUser("OWNER");
    const signedOut = await openSession({ userId: user.id, ...browser });
    expect(await sessionUser(signedOut, user.id)).toMatchObject({ id: user.id, role: "OWNER" });
    await closeSession(signedOut);
    expect(await sessionUser(signedOut, user.id)).toBeNull();

    const expiring = await openSession({ userId: user.id, ...browser }, at(0));
    expect(await sessionUser(expiring, user.id, at(1))).not.toBeNull();
    const afterExpiry = new Date(at(0).getTime() + SESSION_MAX_AGE_SECONDS * 1000 + 1);
    expect(await sessionUser(expiring, user.id, afterExpiry)).toBeNull();

    const open = await openSession({ userId: user.id, ...browser });
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await sessionUser(open, user.id)).toBeNull();
  });

  it("a session id only counts with the user it was opened for", async () => {
    const { user } = await makeUser("OWNER");
    const { user: other } = await makeUser("REVIEWER");
    const session = await openSession({ userId: user.id, ...browser });
    expect(await sessionUser(session, other.id)).toBeNull();
  });

  it("records when a session was last active, at most once every five minutes", async () => {
    const { user } = await makeUser("REVIEWER");
    const session = await openSession({ userId: user.id, ...browser }, at(0));
    const lastSeen = async () =>
      (await db.staffSession.findUniqueOrThrow({ where: { id: session } })).lastSeenAt;
    await sessionUser(session, user.id, at(4));
    expect(await lastSeen()).toEqual(at(0));
    await sessionUser(session, user.id, at(6));
    expect(await lastSeen()).toEqual(at(6));
  });

  it("signs one of one's own sessions out, never another person's", async () => {
    const { user, actor } = await makeUser("REVIEWER");
    const { user: other } = await makeUser("OWNER");
    const mine = await openSession({ userId: user.id, ...browser });
    const theirs = await openSession({ userId: other.id, ...browser });
    await expect(signOutSession.execute(actor, { sessionId: theirs })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await sessionUser(theirs, other.id)).not.toBeNull();
    await signOutSession.execute(actor, { sessionId: mine });
    expect(await sessionUser(mine, user.id)).toBeNull();
    expect(
      await db.auditLog.findFirst({ where: { entityId: user.id, action: "auth.session_signed_out" } }),
    ).not.toBeNull();
  });

  it("signing out everywhere ends all of one's sessions and no one else's", async () => {
    const { user, actor } = await makeUser("OWNER");
    const { user: other } = await makeUser("OWNER");
    const mine = await Promise.all([1, 2, 3].map(() => openSession({ userId: user.id, ...browser })));
    const theirs = await openSession({ userId: other.id, ...browser });
    expect(await listOpenSessions(user.id)).toHaveLength(3);
    expect(await signOutEverywhere.execute(actor, {})).toEqual({ signedOut: 3 });
    for (const id of mine) expect(await sessionUser(id, user.id)).toBeNull();
    expect(await listOpenSessions(user.id)).toEqual([]);
    expect(await sessionUser(theirs, other.id)).not.toBeNull();
  });

  it("the nightly sweep deletes ended sessions and keeps open ones", async () => {
    const { user } = await makeUser("REVIEWER");
    const open = await openSession({ userId: user.id, ...browser });
    const closed = await openSession({ userId: user.id, ...browser });
    await closeSession(closed);
    const expired = await openSession({ userId: user.id, ...browser }, new Date(Date.now() - 13 * 3600_000));
    const sweep = endedSessionSweep(new Date(), 1_000);
    expect(await sweep.count()).toBeGreaterThanOrEqual(2);
    while ((await sweep.sweep()) > 0);
    const left = await db.staffSession.findMany({ where: { id: { in: [open, closed, expired] } } });
    expect(left.map((s) => s.id)).toEqual([open]);
  });
});
