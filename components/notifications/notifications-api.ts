import type { NotificationItem } from "@/lib/notifications/queries";

/** JSON turns dates into strings on the way to the browser. */
export type NotificationJson = Omit<NotificationItem, "createdAt"> & { createdAt: string };
export type RecentNotifications = { notifications: NotificationJson[]; unread: number };

export const RECENT_NOTIFICATIONS_KEY = ["notifications", "recent"] as const;

export async function fetchRecentNotifications(): Promise<RecentNotifications> {
  const response = await fetch("/api/notifications");
  if (!response.ok) throw new Error(`Notifications failed to load (${response.status})`);
  return response.json();
}
