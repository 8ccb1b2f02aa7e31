import type { NotificationItem } from "@/lib/in-app/queries";
import type { MarkNotificationsReadInput } from "@/lib/in-app/schemas";

/** JSON turns dates into strings on the way to the browser. */
export type NotificationJson = Omit<NotificationItem, "createdAt"> & { createdAt: string };
export type RecentNotifications = { notifications: NotificationJson[]; unread: number };

export const RECENT_NOTIFICATIONS_KEY = ["notifications", "recent"] as const;

export async function fetchRecentNotifications(): Promise<RecentNotifications> {
  const response = await fetch("/api/notifications");
  if (!response.ok) throw new Error(`Notifications failed to load (${response.status})`);
  return response.json();
}

export async function postMarkRead(input: MarkNotificationsReadInput): Promise<{ marked: number }> {
  const response = await fetch("/api/notifications/read", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Marking as read failed (${response.status})`);
  }
  return response.json();
}
