// GET /api/notifications: the bell's data, polled — the signed-in owner's 20 latest notifications with their read state, and the unread count.
import { sessionRoute } from "@/app/_server/route";
import { notificationReaderId } from "@/lib/notifications/notification-reader";
import { listRecentNotifications } from "@/lib/notifications/queries";

export const GET = sessionRoute(["OWNER"], async (_request, actor) =>
  Response.json(await listRecentNotifications(notificationReaderId(actor))),
);
