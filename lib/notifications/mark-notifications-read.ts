import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { AppError } from "@/lib/errors";
import { notificationReaderId } from "./notification-reader";
import { markNotificationsReadSchema } from "./schemas";

/**
 * Marks one notification, or all up to a moment, read for the person doing it (others keep theirs).
 * Not audited: read state is the viewer's own bookkeeping, not a change to the platform.
 * Safe to repeat: an existing read is kept with its first time.
 */
export const markNotificationsRead = defineAction({
  name: "notifications.markRead",
  roles: ["OWNER"],
  input: markNotificationsReadSchema,
  async run(actor, input) {
    const userId = notificationReaderId(actor);
    let ids: string[];
    if ("id" in input) {
      if (!(await db.notification.findUnique({ where: { id: input.id }, select: { id: true } })))
        throw new AppError("NOT_FOUND", "No notification with that id.");
      ids = [input.id];
    } else {
      const unread = await db.notification.findMany({
        where: { reads: { none: { userId } }, ...(input.upTo ? { createdAt: { lte: input.upTo } } : {}) },
        select: { id: true },
      });
      ids = unread.map((n) => n.id);
    }
    const { count } = await db.notificationRead.createMany({
      data: ids.map((notificationId) => ({ notificationId, userId })),
      skipDuplicates: true,
    });
    return { marked: count };
  },
});
