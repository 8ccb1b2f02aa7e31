import { db } from "@/lib/db";
import type { NotificationSeverity } from "@/lib/generated/prisma/enums";
import { enqueueSoon } from "@/lib/jobs/outbox";

export type NewNotification = {
  severity: NotificationSeverity;
  title: string;
  body: string;
  link?: string;
  dedupeKey: string;
};

/**
 * Raises an in-app notification for every owner (the bell). Idempotent on `dedupeKey`: a job that
 * raises it twice creates one. Critical ones are also posted to Slack when SLACK_WEBHOOK_URL is set.
 */
export async function raiseNotification(input: NewNotification): Promise<{ id: string; created: boolean }> {
  const { count } = await db.notification.createMany({
    data: [{ ...input, link: input.link ?? null }],
    skipDuplicates: true,
  });
  const { id } = await db.notification.findUniqueOrThrow({
    where: { dedupeKey: input.dedupeKey },
    select: { id: true },
  });
  if (count === 1 && input.severity === "critical" && process.env.SLACK_WEBHOOK_URL) {
    await enqueueSoon("post-slack", { notificationId: id }, { jobId: `slack-${id}` });
  }
  return { id, created: count === 1 };
}
