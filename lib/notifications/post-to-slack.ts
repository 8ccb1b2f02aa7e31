import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Posts a notification to the Slack incoming webhook. A non-2xx answer throws, so the job retries. */
export async function postToSlack(notificationId: string): Promise<void> {
  const url = process.env.SLACK_WEBHOOK_URL;
  if (!url) return;
  const notification = await db.notification.findUnique({ where: { id: notificationId } });
  if (!notification) throw new AppError("NOT_FOUND", `No notification ${notificationId}.`);
  const link =
    notification.link && process.env.NEXTAUTH_URL
      ? ` <${new URL(notification.link, process.env.NEXTAUTH_URL)}|Open in Steward>`
      : "";
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: `*${notification.title}*\n${notification.body}${link}` }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Slack answered ${response.status}`);
}
