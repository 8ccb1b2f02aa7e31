import { db } from "@/lib/db";
import { appLink } from "@/lib/email/app-link";
import { newId } from "@/lib/new-id";
import { sendAlertEmail } from "./channels/send-alert-email";
import { inQuietHours } from "./quiet-hours";

/** Lines listed in one digest; the rest are counted. */
const DIGEST_LINES = 30;

/**
 * Emails each person the alerts held for them (quiet hours, or past the hourly cap) in one message,
 * once they are outside their quiet hours, and marks those deliveries digested. A person still in
 * their quiet hours keeps theirs for a later run (the morning digest).
 */
export async function sendAlertDigests(now: Date): Promise<{ digests: number; alerts: number }> {
  const held = await db.alertDelivery.findMany({
    where: { status: "held", userId: { not: null } },
    include: { notification: { select: { title: true, createdAt: true } } },
    orderBy: { createdAt: "asc" },
  });
  const byPerson = new Map<string, typeof held>();
  for (const delivery of held)
    byPerson.set(delivery.userId!, [...(byPerson.get(delivery.userId!) ?? []), delivery]);
  let digests = 0;
  let alerts = 0;
  for (const [userId, deliveries] of byPerson) {
    const person = await db.user.findUnique({
      where: { id: userId },
      select: { email: true, alertContact: true },
    });
    if (person && inQuietHours(person.alertContact, now)) continue;
    // One line per alert, however many channels held it.
    const titles = [...new Map(deliveries.map((d) => [d.notificationId, d.notification.title])).values()];
    if (person) {
      const lines = titles.slice(0, DIGEST_LINES).map((title) => `- ${title}`);
      if (titles.length > DIGEST_LINES) lines.push(`- and ${titles.length - DIGEST_LINES} more`);
      await sendAlertEmail(person.email, {
        subject: `${titles.length} alert${titles.length === 1 ? "" : "s"} while you were away`,
        text: `${lines.join("\n")}\n\nAll notifications: ${appLink("/notifications")}`,
        messageId: `digest-${newId()}`,
      });
      digests++;
      alerts += titles.length;
    }
    await db.alertDelivery.updateMany({
      where: { id: { in: deliveries.map((d) => d.id) }, status: "held" },
      data: { status: "digested", sentAt: now },
    });
  }
  return { digests, alerts };
}
