import { UnrecoverableError } from "bullmq";
import { db } from "@/lib/db";
import { decryptPii } from "@/lib/crypto/pii";
import { appLink } from "@/lib/email/app-link";
import type { AlertDelivery, Notification } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { ackLink } from "./ack-link";
import { postToChat } from "./channels/post-to-chat";
import { ProviderError } from "./channels/provider-error";
import { sendAlertEmail } from "./channels/send-alert-email";
import { sendPagerDutyEvent, type PagerDutyAction } from "./channels/pagerduty-event";
import { sendSms } from "./channels/send-sms";

type Loaded = AlertDelivery & { notification: Notification };

async function personOf(delivery: Loaded) {
  if (!delivery.userId) throw new AppError("VALIDATION", `Delivery ${delivery.id} has no person.`);
  return db.user.findUniqueOrThrow({
    where: { id: delivery.userId },
    select: { id: true, email: true, alertContact: true },
  });
}

/** Sends one delivery on its channel; the provider's reference for it. */
async function send(delivery: Loaded): Promise<string | null> {
  const { notification: alert } = delivery;
  const link = alert.link ? appLink(alert.link) : null;
  switch (delivery.channel) {
    case "pagerduty":
      return sendPagerDutyEvent(delivery.purpose as PagerDutyAction, { ...alert, link });
    case "slack":
    case "teams":
    case "discord":
      await postToChat(delivery.channel, { title: alert.title, body: alert.body, link });
      return null;
    case "sms": {
      const person = await personOf(delivery);
      const phone = person.alertContact?.phoneVerifiedAt && person.alertContact.phoneEncrypted;
      if (!phone) throw new AppError("VALIDATION", "The phone number is no longer verified.");
      const ack = alert.urgent ? ` Acknowledge: ${ackLink(alert.id, person.id)}` : "";
      return sendSms(decryptPii(phone), `Steward: ${alert.title}.${ack}`.slice(0, 480));
    }
    case "email": {
      const person = await personOf(delivery);
      const lines = [
        alert.body,
        link ? `Open in Steward: ${link}` : "",
        alert.urgent ? `Acknowledge: ${ackLink(alert.id, person.id)}` : "",
      ];
      return sendAlertEmail(person.email, {
        subject: alert.title,
        text: lines.filter(Boolean).join("\n\n"),
        messageId: delivery.id,
      });
    }
  }
}

/**
 * Sends one queued delivery and records the outcome on its row. A 429, a 5xx or no answer throws,
 * so BullMQ retries with backoff (the row says why meanwhile; failed after the last attempt); any
 * other refusal fails the row at once and is not retried, as repeating it would be refused again.
 */
export async function deliverAlert(deliveryId: string, options: { finalAttempt: boolean }) {
  const delivery = await db.alertDelivery.findUnique({
    where: { id: deliveryId },
    include: { notification: true },
  });
  if (!delivery) throw new AppError("NOT_FOUND", `No alert delivery ${deliveryId}.`);
  if (delivery.status !== "queued") return { status: delivery.status };
  await db.alertDelivery.update({ where: { id: deliveryId }, data: { attempts: { increment: 1 } } });
  try {
    const providerRef = await send(delivery);
    await db.alertDelivery.update({
      where: { id: deliveryId },
      data: { status: "sent", sentAt: new Date(), providerRef, error: null },
    });
    return { status: "sent" as const };
  } catch (error) {
    const retryable = error instanceof ProviderError ? error.retryable : !(error instanceof AppError);
    await db.alertDelivery.update({
      where: { id: deliveryId },
      data: {
        status: retryable && !options.finalAttempt ? "queued" : "failed",
        lastStatusCode: error instanceof ProviderError ? error.status : null,
        error: (error as Error).message.slice(0, 1000),
      },
    });
    if (!retryable) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}
