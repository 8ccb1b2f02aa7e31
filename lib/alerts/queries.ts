import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { db } from "@/lib/db";
import { decryptPii } from "@/lib/crypto/pii";
import type { AlertChannel, AlertClass } from "@/lib/generated/prisma/enums";
import type { CaughtMessage } from "@/lib/devservices/provider-catcher";
import { alertProviders } from "@/lib/env";
import { ALERT_CHANNELS } from "./alert-classes";
import { chatConfigured } from "./channels/post-to-chat";
import { smsConfigured } from "./channels/send-sms";

const clock = (minute: number | null) =>
  minute === null
    ? ""
    : `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** Which channels this Steward can send on (the rest are shown, but off). */
export function availableChannels(): Record<AlertChannel, boolean> {
  return {
    email: Boolean(process.env.SMTP_URL),
    sms: smsConfigured(),
    pagerduty: Boolean(alertProviders().PAGERDUTY_ROUTING_KEY),
    slack: chatConfigured("slack"),
    teams: chatConfigured("teams"),
    discord: chatConfigured("discord"),
  };
}

/** A person's alert settings as the Profile page shows them; the phone only by its last digits. */
export async function getAlertSettings(userId: string) {
  const [contact, preferences] = await Promise.all([
    db.alertContact.findUnique({ where: { userId } }),
    db.alertPreference.findMany({ where: { userId } }),
  ]);
  const phone = contact?.phoneEncrypted ? decryptPii(contact.phoneEncrypted) : null;
  return {
    timeZone: contact?.timeZone ?? "UTC",
    quietStart: clock(contact?.quietStartMinute ?? null),
    quietEnd: clock(contact?.quietEndMinute ?? null),
    phoneEnding: phone ? phone.slice(-4) : null,
    phoneVerified: Boolean(contact?.phoneVerifiedAt),
    codePending: Boolean(
      contact?.phoneCodeHash && contact.phoneCodeExpiresAt && contact.phoneCodeExpiresAt > new Date(),
    ),
    channels: Object.fromEntries(preferences.map((p) => [p.alertClass, p.channels])) as Partial<
      Record<AlertClass, AlertChannel[]>
    >,
  };
}

/** Every active owner with their place in the on-call order (null: reached only with everyone). */
export async function listOnCallOrder() {
  const owners = await db.user.findMany({
    where: { role: "OWNER", disabled: false },
    select: { id: true, name: true, email: true, onCallEntry: { select: { position: true } } },
    orderBy: { name: "asc" },
  });
  return owners
    .map((o) => ({ id: o.id, name: o.name, email: o.email, position: o.onCallEntry?.position ?? null }))
    .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
}

/** The latest alerts with their state and every delivery, for the Alerts page. */
export async function listRecentAlerts(take = 50) {
  return db.notification.findMany({
    where: { alertClass: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: {
      deliveries: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          channel: true,
          purpose: true,
          status: true,
          attempts: true,
          lastStatusCode: true,
          error: true,
          userId: true,
        },
      },
    },
  });
}

export const channelLabel = (channel: AlertChannel) => ALERT_CHANNELS[channel].label;

/** What the development SMS/PagerDuty/chat catcher received, newest first (none without it). */
export function listCaughtProviderMessages(limit = 100): CaughtMessage[] {
  const dir = process.env.STEWARD_PROVIDER_OUTBOX_DIR;
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{13}-[0-9a-f-]{36}\.json$/.test(f))
    .sort()
    .reverse()
    .slice(0, limit)
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as CaughtMessage);
}
