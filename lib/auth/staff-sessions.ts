import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

/** As long as the session cookie lives (authOptions.session.maxAge). */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;
/** Last-seen times are kept to this precision, so a busy session does not write on every request. */
const LAST_SEEN_PRECISION_MS = 5 * 60_000;

/** Opens a session for a person who just proved who they are; its id goes into the cookie. */
export async function openSession(
  input: { userId: string; ip: string; userAgent: string },
  now = new Date(),
): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.staffSession.create({
    data: {
      id,
      userId: input.userId,
      ip: input.ip,
      userAgent: input.userAgent.slice(0, 300),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
    },
  });
  return id;
}

/**
 * The person behind a session cookie as the server sees them now: null when the session was
 * signed out or has expired, or the account is disabled or gone.
 */
export async function sessionUser(sessionId: string, userId: string, now = new Date()) {
  const session = await db.staffSession.findFirst({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now }, user: { disabled: false } },
    select: {
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, role: true, totpEnabledAt: true } },
    },
  });
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS)
    await db.staffSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  return session.user;
}

/** Ends one session (signing out); ending an ended one changes nothing. */
export async function closeSession(sessionId: string, now = new Date()): Promise<void> {
  await db.staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** A person's sessions still open, newest activity first. */
export function listOpenSessions(userId: string, now = new Date()) {
  return db.staffSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
}

/** Nightly: sessions past their expiry or signed out (the audit log keeps the sign-ins and sign-outs). */
export function endedSessionSweep(now: Date, batch: number) {
  const ended = { OR: [{ expiresAt: { lt: now } }, { revokedAt: { not: null } }] };
  return {
    count: () => db.staffSession.count({ where: ended }),
    sweep: async () => {
      const ids = (await db.staffSession.findMany({ where: ended, select: { id: true }, take: batch })).map(
        (s) => s.id,
      );
      return (await db.staffSession.deleteMany({ where: { id: { in: ids } } })).count;
    },
  };
}
