import { db } from "@/lib/db";
import type { AlertClass, NotificationSeverity } from "@/lib/generated/prisma/enums";
import { ALERT_CLASSES } from "@/lib/alerts/alert-classes";
import { routeAlert } from "@/lib/alerts/route-alert";

export type NewNotification = {
  severity: NotificationSeverity;
  title: string;
  body: string;
  link?: string;
  dedupeKey: string;
  /** The kind of alert, so each person's preferences choose its channels beyond the bell. */
  alertClass?: AlertClass;
};

/**
 * Raises an in-app notification for every owner (the bell) and routes it to people's channels
 * (lib/alerts/route-alert). Idempotent on `dedupeKey`: a job that raises it twice creates and
 * routes one.
 */
export async function raiseNotification(input: NewNotification): Promise<{ id: string; created: boolean }> {
  const { count } = await db.notification.createMany({
    data: [
      {
        ...input,
        link: input.link ?? null,
        urgent: input.alertClass ? ALERT_CLASSES[input.alertClass].urgent : false,
      },
    ],
    skipDuplicates: true,
  });
  const { id } = await db.notification.findUniqueOrThrow({
    where: { dedupeKey: input.dedupeKey },
    select: { id: true },
  });
  if (count === 1) await routeAlert(id);
  return { id, created: count === 1 };
}
