import { db, type Prisma } from "@/lib/db";
import type { NotificationsQuery } from "./schemas";

/** A notification as one person sees it: with whether they have read it. */
export type NotificationItem = Prisma.NotificationGetPayload<{ omit: { dedupeKey: true } }> & {
  read: boolean;
};

function readBy(userId: string) {
  return {
    omit: { dedupeKey: true },
    include: { reads: { where: { userId }, select: { userId: true } } },
  } as const;
}

function toItem({
  reads,
  ...notification
}: Prisma.NotificationGetPayload<ReturnType<typeof readBy>>): NotificationItem {
  return { ...notification, read: reads.length > 0 };
}

const unreadBy = (userId: string): Prisma.NotificationWhereInput => ({ reads: { none: { userId } } });
const newestFirst: Prisma.NotificationOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

/** The bell: the latest `take` notifications with `userId`'s read state, and how many they have not read. */
export async function listRecentNotifications(
  userId: string,
  take = 20,
): Promise<{ notifications: NotificationItem[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    db.notification.findMany({ ...readBy(userId), orderBy: newestFirst, take }),
    db.notification.count({ where: unreadBy(userId) }),
  ]);
  return { notifications: rows.map(toItem), unread };
}

/** One page of the notification center, newest first, filtered by severity and read state; `unread` ignores the filters. */
export async function listNotifications(userId: string, query: NotificationsQuery) {
  const where: Prisma.NotificationWhereInput = {
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.unread ? unreadBy(userId) : {}),
  };
  const [rows, total, unread] = await Promise.all([
    db.notification.findMany({
      ...readBy(userId),
      where,
      orderBy: newestFirst,
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.notification.count({ where }),
    db.notification.count({ where: unreadBy(userId) }),
  ]);
  return {
    rows: rows.map(toItem),
    total,
    unread,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}
