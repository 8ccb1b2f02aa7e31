import { getInbox, type InboxRole } from "./inbox";
import { getTrends } from "./trends";

/** The Overview page: what needs the viewer now, and the 30-day trends (owners only). */
export async function getOverview(role: InboxRole, now = new Date()) {
  const [inbox, trends] = await Promise.all([
    getInbox(role, now),
    role === "OWNER" ? getTrends(now) : Promise.resolve([]),
  ]);
  return { ...inbox, trends };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
