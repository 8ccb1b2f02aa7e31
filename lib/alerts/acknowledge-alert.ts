import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { readAckToken } from "./ack-link";
import { recordDeliveries } from "./route-alert";

/**
 * Where an acknowledgement or resolution came from; PagerDuty's own does not echo back to it.
 * `app` and the signed link name the person.
 */
export type AlertSource = { channel: "app" | "link" | "pagerduty" | "steward"; who?: string };

const describe = (source: AlertSource) => (source.who ? `${source.channel} (${source.who})` : source.channel);

/** Tells PagerDuty about a change in Steward, when the alert opened an incident there. */
async function followOnPagerDuty(
  notificationId: string,
  action: "acknowledge" | "resolve",
  source: AlertSource,
) {
  if (source.channel === "pagerduty") return;
  const triggered = await db.alertDelivery.count({
    where: { notificationId, channel: "pagerduty", purpose: "trigger", status: { in: ["queued", "sent"] } },
  });
  if (triggered)
    await recordDeliveries([
      { notificationId, userId: null, channel: "pagerduty", purpose: action, status: "queued" },
    ]);
}

/**
 * Acknowledges an alert: its escalation stops, and its PagerDuty incident is acknowledged too.
 * The first acknowledgement counts; later ones change nothing. True when this one was the first.
 */
export async function acknowledgeAlert(
  notificationId: string,
  source: AlertSource,
  now = new Date(),
): Promise<boolean> {
  const { count } = await db.notification.updateMany({
    where: { id: notificationId, acknowledgedAt: null },
    data: { acknowledgedAt: now, acknowledgedVia: describe(source), nextEscalationAt: null },
  });
  if (count) await followOnPagerDuty(notificationId, "acknowledge", source);
  return count === 1;
}

/** Resolves an alert (acknowledging it if nobody had) and its PagerDuty incident. True when it was open. */
export async function resolveAlert(
  notificationId: string,
  source: AlertSource,
  now = new Date(),
): Promise<boolean> {
  await db.notification.updateMany({
    where: { id: notificationId, acknowledgedAt: null },
    data: { acknowledgedAt: now, acknowledgedVia: describe(source) },
  });
  const { count } = await db.notification.updateMany({
    where: { id: notificationId, resolvedAt: null },
    data: { resolvedAt: now, nextEscalationAt: null },
  });
  if (count) await followOnPagerDuty(notificationId, "resolve", source);
  return count === 1;
}

/** An owner acknowledges an alert in the app (the Alerts page). */
export const acknowledgeAlertInApp = defineAction({
  name: "alerts.acknowledge",
  roles: ["OWNER"],
  input: z.object({ notificationId: z.string().trim().min(1).max(100) }).strict(),
  async run(actor, input) {
    if (!(await db.notification.findUnique({ where: { id: input.notificationId }, select: { id: true } })))
      throw new AppError("NOT_FOUND", "No alert with that id.");
    const first = await acknowledgeAlert(input.notificationId, { channel: "app", who: actor.label });
    if (first)
      await db.$transaction((tx) =>
        recordAudit(tx, actor, {
          action: "alert.acknowledged",
          entityType: "notification",
          entityId: input.notificationId,
        }),
      );
    return { acknowledged: first };
  },
});

/**
 * The link in an SMS or email: acknowledges the alert as the person it was sent to. Whatever the
 * token, the answer says only whether it worked.
 */
export async function acknowledgeByLink(token: string): Promise<{ title: string; first: boolean }> {
  const signed = readAckToken(token);
  if (!signed) throw new AppError("NOT_FOUND", "This acknowledgement link is not valid.");
  const [alert, person] = await Promise.all([
    db.notification.findUnique({ where: { id: signed.notificationId }, select: { title: true } }),
    db.user.findUnique({ where: { id: signed.userId }, select: { email: true, disabled: true } }),
  ]);
  if (!alert || !person || person.disabled)
    throw new AppError("NOT_FOUND", "This acknowledgement link is not valid.");
  const first = await acknowledgeAlert(signed.notificationId, { channel: "link", who: person.email });
  return { title: alert.title, first };
}

/**
 * The thing an alert was about was handled in Steward (an anomaly acknowledged or closed): its
 * alerts, raised under `dedupeKey` or `dedupeKey:…`, are acknowledged or resolved with it.
 */
export async function settleAlertsOf(
  dedupeKey: string,
  action: "acknowledge" | "resolve",
  source: AlertSource,
): Promise<void> {
  const alerts = await db.notification.findMany({
    where: {
      OR: [{ dedupeKey }, { dedupeKey: { startsWith: `${dedupeKey}:` } }],
      [action === "acknowledge" ? "acknowledgedAt" : "resolvedAt"]: null,
    },
    select: { id: true },
  });
  for (const { id } of alerts)
    await (action === "acknowledge" ? acknowledgeAlert(id, source) : resolveAlert(id, source));
}
