import { db, type Tx } from "@/lib/db";

export function listUsers() {
  return db.user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      lastLoginAt: true,
      createdAt: true,
    },
  });
}

/** The signed-in user as the server sees them now: a disabled or deleted account has no session. */
export async function getActiveUser(id: string) {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  return user && !user.disabled ? user : null;
}

/** Owners who can sign in: the recipients of alerts, warnings and digests. */
export function listActiveOwners(client: Tx | typeof db = db) {
  return client.user.findMany({
    where: { role: "OWNER", disabled: false },
    select: { id: true, email: true },
  });
}
