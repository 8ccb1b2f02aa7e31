import { db } from "@/lib/db";
import { alertProviders } from "@/lib/env";
import type { AlertChannel, AlertDeliveryStatus } from "@/lib/generated/prisma/enums";
import type { Notification } from "@/lib/generated/prisma/client";
import { addToJobOutbox, queueNowOrLater } from "@/lib/jobs/outbox";
import { listActiveOwners } from "@/lib/users/queries";
import { ALERT_CHANNELS } from "./alert-classes";
import { chatConfigured } from "./channels/post-to-chat";
import { smsConfigured } from "./channels/send-sms";
import { inQuietHours } from "./quiet-hours";

function configured(channel: AlertChannel): boolean {
  if (channel === "sms") return smsConfigured();
  if (channel === "pagerduty") return Boolean(alertProviders().PAGERDUTY_ROUTING_KEY);
  if (channel === "email") return true;
  return chatConfigured(channel);
}

/** The job that sends one delivery; one job id per delivery, so queueing it twice sends it once. */
export const deliveryJob = (deliveryId: string) =>
  ({
    name: "deliver-alert",
    payload: { deliveryId },
    options: { jobId: `alert-delivery-${deliveryId}` },
  }) as const;

/** Records deliveries (a dedupe key seen before records nothing) and queues those that are due now. */
export async function recordDeliveries(
  rows: {
    notificationId: string;
    userId: string | null;
    channel: AlertChannel;
    purpose: string;
    status: AlertDeliveryStatus;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  const keyed = rows.map((row) => ({
    ...row,
    dedupeKey: [row.notificationId, row.purpose, row.channel, row.userId].filter(Boolean).join(":"),
  }));
  await db.alertDelivery.createMany({ data: keyed, skipDuplicates: true });
  const due = await db.alertDelivery.findMany({
    where: { dedupeKey: { in: keyed.map((row) => row.dedupeKey) }, status: "queued", attempts: 0 },
    select: { id: true },
  });
  // Through the job outbox: recorded now, queued now or once Redis answers again.
  await queueNowOrLater(
    await addToJobOutbox(
      db,
      due.map((d) => deliveryJob(d.id)),
    ),
  );
}

/**
 * Who an alert reaches at an escalation level: an urgent one goes to the next person on call
 * (level 0 is the first), past the order to every owner; any other alert to every owner.
 * Also whether a further level exists.
 */
export async function recipientsAt(
  urgent: boolean,
  level: number,
): Promise<{ userIds: string[]; more: boolean }> {
  const onCall = urgent
    ? await db.onCallEntry.findMany({
        where: { user: { role: "OWNER", disabled: false } },
        orderBy: { position: "asc" },
        select: { userId: true },
      })
    : [];
  if (level < onCall.length) return { userIds: [onCall[level].userId], more: true };
  return { userIds: (await listActiveOwners()).map((o) => o.id), more: false };
}

/**
 * Sends an alert to people on their chosen channels: per person and channel one delivery (an SMS
 * only to a verified phone), shared rooms once per alert. In a person's quiet hours, or past their
 * hourly cap, a non-urgent alert is held for their digest; an urgent one goes through.
 */
export async function deliverAlertTo(
  notification: Notification,
  userIds: string[],
  now: Date,
): Promise<void> {
  const alertClass = notification.alertClass;
  const [preferences, contacts, recent] = alertClass
    ? await Promise.all([
        db.alertPreference.findMany({ where: { userId: { in: userIds }, alertClass } }),
        db.alertContact.findMany({ where: { userId: { in: userIds } } }),
        db.alertDelivery.groupBy({
          by: ["userId"],
          where: {
            userId: { in: userIds },
            status: { in: ["queued", "sent"] },
            createdAt: { gt: new Date(now.getTime() - 3_600_000) },
          },
          _count: true,
        }),
      ])
    : [[], [], []];
  const cap = alertProviders().ALERT_CAP_PER_HOUR;
  const shared = new Set<AlertChannel>();
  // Today's behaviour without any preference: critical alerts go to the team's Slack, urgent ones to PagerDuty.
  if (notification.severity === "critical") shared.add("slack");
  if (notification.urgent) shared.add("pagerduty");
  const rows: Parameters<typeof recordDeliveries>[0] = [];
  for (const userId of alertClass ? userIds : []) {
    const preference = preferences.find((p) => p.userId === userId);
    // Without a choice a person has the bell (and the team's shared rooms), as before preferences.
    const channels = preference?.channels ?? [];
    const contact = contacts.find((c) => c.userId === userId) ?? null;
    const sentLastHour = recent.find((r) => r.userId === userId)?._count ?? 0;
    const hold = !notification.urgent && (inQuietHours(contact, now) || sentLastHour >= cap);
    for (const channel of channels) {
      if (ALERT_CHANNELS[channel].shared) shared.add(channel);
      else if (channel === "sms" && !contact?.phoneVerifiedAt) continue;
      else
        rows.push({
          notificationId: notification.id,
          userId,
          channel,
          purpose: "trigger",
          status: hold ? "held" : "queued",
        });
    }
  }
  for (const channel of shared)
    rows.push({
      notificationId: notification.id,
      userId: null,
      channel,
      purpose: "trigger",
      status: "queued",
    });
  await recordDeliveries(rows.filter((row) => configured(row.channel)));
}

/** Routes a newly raised alert to its first recipients and, when someone is on call, starts its escalation clock. */
export async function routeAlert(notificationId: string, now = new Date()): Promise<void> {
  const notification = await db.notification.findUniqueOrThrow({ where: { id: notificationId } });
  const { userIds, more } = await recipientsAt(notification.urgent, 0);
  if (notification.urgent && more)
    await db.notification.update({
      where: { id: notification.id },
      data: {
        nextEscalationAt: new Date(now.getTime() + alertProviders().ALERT_ESCALATION_MINUTES * 60_000),
      },
    });
  await deliverAlertTo(notification, userIds, now);
}
