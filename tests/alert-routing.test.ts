import { createHmac } from "node:crypto";
import { Worker } from "bullmq";
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRedis } from "@/lib/redis";
import { encryptPii } from "@/lib/crypto/pii";
import { closeQueues } from "@/lib/jobs/queues";
import { currentWorkerIdentity } from "@/lib/jobs/heartbeat";
import { findFreePort } from "@/lib/devservices/free-port";
import { startMailCatcher, type RunningMailCatcher } from "@/lib/devservices/mail-catcher";
import {
  providerCatcherEnv,
  startProviderCatcher,
  type RunningProviderCatcher,
} from "@/lib/devservices/provider-catcher";
import type { AlertChannel, AlertClass } from "@/lib/generated/prisma/enums";
import { ackToken } from "@/lib/alerts/ack-link";
import {
  acknowledgeAlertInApp,
  acknowledgeByLink,
  resolveAlert,
  settleAlertsOf,
} from "@/lib/alerts/acknowledge-alert";
import { deliverAlert } from "@/lib/alerts/deliver-alert";
import { escalateDueAlerts } from "@/lib/alerts/escalate-alerts";
import { handlePagerDutyWebhook } from "@/lib/alerts/pagerduty-webhook";
import { routeAlert } from "@/lib/alerts/route-alert";
import { sendAlertDigests } from "@/lib/alerts/send-alert-digests";
import { createProcessors } from "@/worker/processors";
import { makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

let providers: RunningProviderCatcher;
let smtp: RunningMailCatcher;
const mails: { mail: ParsedMail; to: string[] }[] = [];
const WEBHOOK_SECRET = "pd-webhook-secret";

beforeAll(async () => {
  providers = await startProviderCatcher({ port: await findFreePort() });
  Object.assign(process.env, providerCatcherEnv(providers), {
    PAGERDUTY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    NEXTAUTH_URL: "https://steward.example.test",
  });
  smtp = await startMailCatcher({
    port: await findFreePort(),
    onMessage: async (raw, envelope) => mails.push({ mail: await simpleParser(raw), to: envelope.to }),
  });
  process.env.SMTP_URL = smtp.url;
});

afterAll(async () => {
  for (const name of Object.keys(providerCatcherEnv(providers))) delete process.env[name];
  await closeQueues();
  await providers.stop();
  await smtp.stop();
});

beforeEach(async () => {
  providers.messages.length = 0;
  mails.length = 0;
  // Every test sets up its own people: those of earlier tests leave the owner list.
  await db.user.updateMany({ data: { disabled: true } });
  await db.onCallEntry.deleteMany({});
});

let alertCount = 0;
/** An alert as raiseNotification stores it, routed at `at` (a stepped clock, not the wall clock). */
async function raiseAt(at: Date, alertClass: AlertClass, urgent: boolean) {
  const notification = await db.notification.create({
    data: {
      severity: urgent ? "critical" : "warning",
      title: `Alert ${++alertCount}`,
      body: "Something needs a look",
      link: "/anomalies",
      dedupeKey: `test:${alertCount}:${Date.now()}`,
      alertClass,
      urgent,
    },
  });
  await routeAlert(notification.id, at);
  return notification;
}

async function owner(channels: AlertChannel[] = [], alertClass: AlertClass = "critical_anomaly") {
  const made = await makeUser("OWNER");
  await db.alertPreference.create({ data: { userId: made.user.id, alertClass, channels } });
  return made;
}

const verifyPhone = (userId: string, phone: string, verified = true) =>
  db.alertContact.create({
    data: { userId, phoneEncrypted: encryptPii(phone), phoneVerifiedAt: verified ? new Date() : null },
  });

/** Sends every queued delivery of an alert the way the worker's job does (one attempt each). */
async function sendQueued(notificationId: string) {
  const queued = await db.alertDelivery.findMany({ where: { notificationId, status: "queued" } });
  for (const delivery of queued) await deliverAlert(delivery.id, { finalAttempt: false });
  return queued;
}

const deliveriesOf = (notificationId: string) =>
  db.alertDelivery.findMany({ where: { notificationId }, orderBy: { createdAt: "asc" } });

describe("alert routing to providers", () => {
  it("sends an SMS per verified phone through Twilio's API, and none to an unverified one", async () => {
    const verified = await owner(["sms"]);
    const unverified = await owner(["sms"]);
    await verifyPhone(verified.user.id, "+14155550101");
    await verifyPhone(unverified.user.id, "+14155550102", false);

    const alert = await raiseAt(new Date(), "critical_anomaly", true);
    await sendQueued(alert.id);

    const sms = providers.messages.filter((m) => m.provider === "sms");
    expect(sms.map((m) => m.to)).toEqual(["+14155550101"]);
    expect(sms[0].text).toContain(
      `Steward: ${alert.title}. Acknowledge: https://steward.example.test/api/alerts/acknowledge?token=`,
    );
    const [delivery] = (await deliveriesOf(alert.id)).filter((d) => d.channel === "sms");
    expect(delivery).toMatchObject({ userId: verified.user.id, status: "sent", attempts: 1 });
    expect(delivery.providerRef).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("triggers a PagerDuty incident and resolves it with the same dedup_key", async () => {
    await owner(["pagerduty"]);
    const alert = await raiseAt(new Date(), "worker_down", true);
    await sendQueued(alert.id);
    await resolveAlert(alert.id, { channel: "steward" });
    await sendQueued(alert.id);

    const events = providers.messages.filter((m) => m.provider === "pagerduty");
    expect(events.map((e) => e.action)).toEqual(["trigger", "resolve"]);
    expect(events.map((e) => e.to)).toEqual([`steward-${alert.id}`, `steward-${alert.id}`]);
    expect(events[0].text).toBe(`${alert.title}: Something needs a look`);
  });

  it("acknowledges and resolves the incident when what the alert is about is handled in Steward", async () => {
    const alert = await raiseAt(new Date(), "critical_anomaly", true);
    await db.notification.update({
      where: { id: alert.id },
      data: { dedupeKey: `anomaly-alert:a${alert.id}` },
    });
    await sendQueued(alert.id);
    await settleAlertsOf(`anomaly-alert:a${alert.id}`, "acknowledge", { channel: "app", who: "owner" });
    await settleAlertsOf(`anomaly-alert:a${alert.id}`, "resolve", { channel: "app", who: "owner" });
    await sendQueued(alert.id);
    const events = providers.messages.filter(
      (m) => m.provider === "pagerduty" && m.to === `steward-${alert.id}`,
    );
    expect(events.map((e) => e.action)).toEqual(["trigger", "acknowledge", "resolve"]);
    expect(await db.notification.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      acknowledgedVia: "app (owner)",
      nextEscalationAt: null,
    });
  });

  it("retries a 429 and a 500 with backoff through the alerts queue until the SMS goes out", async () => {
    const person = await owner(["sms"]);
    await verifyPhone(person.user.id, "+14155550103");
    providers.failNext("sms", 429);
    providers.failNext("sms", 500);
    const before = providers.requests.sms;
    const connection = createRedis("worker");
    const worker = new Worker("alerts", createProcessors(currentWorkerIdentity(new Date())).alerts, {
      connection,
      prefix: env().STEWARD_QUEUE_PREFIX,
    });
    try {
      const alert = await raiseAt(new Date(), "critical_anomaly", true);
      const delivery = await until(
        async () => (await deliveriesOf(alert.id)).find((d) => d.channel === "sms" && d.status === "sent"),
        40_000,
        "the SMS after two refusals",
      );
      expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 500, error: null });
      expect(providers.requests.sms - before).toBe(3);
      expect(providers.messages.filter((m) => m.provider === "sms").map((m) => m.to)).toEqual([
        "+14155550103",
      ]);
    } finally {
      await worker.close();
      await connection.quit();
    }
  }, 60_000);

  it("records a 429 and a 500 on the delivery and leaves it queued for the retry", async () => {
    await owner(["discord"]);
    const alert = await raiseAt(new Date(), "critical_anomaly", true);
    providers.failNext("discord", 429);
    const [delivery] = (await deliveriesOf(alert.id)).filter((d) => d.channel === "discord");
    await expect(deliverAlert(delivery.id, { finalAttempt: false })).rejects.toThrow("Discord answered 429");
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "queued",
      lastStatusCode: 429,
    });
    providers.failNext("discord", 503);
    await expect(deliverAlert(delivery.id, { finalAttempt: true })).rejects.toThrow("Discord answered 503");
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "failed",
      lastStatusCode: 503,
      attempts: 2,
    });
  });

  it("does not retry a 4xx refusal and keeps Twilio's error on the delivery", async () => {
    const person = await owner(["sms"]);
    await verifyPhone(person.user.id, "+14155550104");
    const alert = await raiseAt(new Date(), "critical_anomaly", true);
    providers.failNext("sms", 400);
    const [delivery] = (await deliveriesOf(alert.id)).filter((d) => d.channel === "sms");
    const error = await deliverAlert(delivery.id, { finalAttempt: false }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "UnrecoverableError" });
    const failed = await db.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(failed).toMatchObject({ status: "failed", lastStatusCode: 400, attempts: 1 });
    expect(failed.error).toContain("Twilio answered 400: 21610");
  });

  it("posts to Slack, Teams and Discord once per alert in each service's format", async () => {
    await owner(["slack", "teams", "discord"], "review_escalated");
    await owner(["teams"], "review_escalated");
    const alert = await raiseAt(new Date(), "review_escalated", false);
    await sendQueued(alert.id);
    const chat = providers.messages.filter((m) => ["slack", "teams", "discord"].includes(m.provider));
    expect(chat.map((m) => m.provider).sort()).toEqual(["discord", "slack", "teams"]);
    expect(chat.find((m) => m.provider === "slack")?.text).toContain(`*${alert.title}*`);
    expect(chat.find((m) => m.provider === "discord")?.text).toContain(`**${alert.title}**`);
    expect(chat.find((m) => m.provider === "teams")?.text).toBe("Something needs a look");
  });
});

describe("quiet hours", () => {
  it("hold a non-urgent alert and release it in the morning digest, while an urgent one goes through", async () => {
    const person = await owner(["email"], "review_escalated");
    await db.alertPreference.create({
      data: { userId: person.user.id, alertClass: "worker_down", channels: ["email"] },
    });
    // 22:00–07:00 in New York (UTC−5 in December).
    await db.alertContact.create({
      data: {
        userId: person.user.id,
        timeZone: "America/New_York",
        quietStartMinute: 22 * 60,
        quietEndMinute: 7 * 60,
      },
    });
    const night = new Date("2026-12-08T04:00:00Z"); // 23:00 in New York
    const held = await raiseAt(night, "review_escalated", false);
    const urgent = await raiseAt(night, "worker_down", true);

    expect((await deliveriesOf(held.id)).map((d) => d.status)).toEqual(["held"]);
    expect((await deliveriesOf(urgent.id)).find((d) => d.channel === "email")?.status).toBe("queued");

    expect(await sendAlertDigests(new Date("2026-12-08T10:00:00Z"))).toEqual({ digests: 0, alerts: 0 }); // 05:00
    expect(mails).toHaveLength(0);

    expect(await sendAlertDigests(new Date("2026-12-08T12:15:00Z"))).toEqual({ digests: 1, alerts: 1 }); // 07:15
    await until(() => mails.length === 1);
    expect(mails[0].to).toEqual([person.user.email]);
    expect(mails[0].mail.subject).toBe("1 alert while you were away");
    expect(mails[0].mail.text).toContain(`- ${held.title}`);
    expect((await deliveriesOf(held.id)).map((d) => d.status)).toEqual(["digested"]);
  });

  it("hold alerts past the hourly cap for the digest", async () => {
    process.env.ALERT_CAP_PER_HOUR = "2";
    try {
      const person = await owner(["email"], "job_failed");
      const at = new Date();
      const alerts = [];
      for (let i = 0; i < 3; i++) alerts.push(await raiseAt(at, "job_failed", false));
      const statuses = await Promise.all(alerts.map(async (a) => (await deliveriesOf(a.id))[0].status));
      expect(statuses).toEqual(["queued", "queued", "held"]);
      expect((await deliveriesOf(alerts[2].id))[0].userId).toBe(person.user.id);
    } finally {
      delete process.env.ALERT_CAP_PER_HOUR;
    }
  });
});

describe("escalation", () => {
  async function onCallTeam() {
    const first = await owner(["sms"]);
    const second = await owner(["sms"]);
    const everyoneElse = await owner(["sms"]);
    await verifyPhone(first.user.id, "+14155550201");
    await verifyPhone(second.user.id, "+14155550202");
    await verifyPhone(everyoneElse.user.id, "+14155550203");
    await db.onCallEntry.createMany({
      data: [
        { userId: first.user.id, position: 0 },
        { userId: second.user.id, position: 1 },
      ],
    });
    return { first, second, everyoneElse };
  }

  const smsRecipients = async (notificationId: string) =>
    (await deliveriesOf(notificationId)).filter((d) => d.channel === "sms").map((d) => d.userId);

  it("goes to the next person on call after N minutes, then to every owner", async () => {
    const { first, second, everyoneElse } = await onCallTeam();
    const t0 = new Date("2026-12-08T12:00:00Z");
    const alert = await raiseAt(t0, "critical_anomaly", true);
    expect(await smsRecipients(alert.id)).toEqual([first.user.id]);

    await escalateDueAlerts(new Date(t0.getTime() + 9 * 60_000));
    expect(await smsRecipients(alert.id)).toEqual([first.user.id]);

    await escalateDueAlerts(new Date(t0.getTime() + 10 * 60_000));
    expect(await smsRecipients(alert.id)).toEqual([first.user.id, second.user.id]);

    await escalateDueAlerts(new Date(t0.getTime() + 20 * 60_000));
    expect((await smsRecipients(alert.id)).sort()).toEqual(
      [first.user.id, second.user.id, everyoneElse.user.id].sort(),
    );
    expect(await db.notification.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      escalationLevel: 2,
      nextEscalationAt: null,
    });
  });

  const acknowledgements: [string, (alertId: string, userId: string) => Promise<unknown>][] = [
    [
      "the app",
      async (alertId) => {
        const { actor } = await makeUser("OWNER");
        await acknowledgeAlertInApp.execute(actor, { notificationId: alertId });
      },
    ],
    ["the link in the SMS", (alertId, userId) => acknowledgeByLink(ackToken(alertId, userId))],
    [
      "PagerDuty's webhook",
      (alertId) => {
        const body = JSON.stringify({
          event: {
            id: "01DEN4HPBQAAAG05V5QQYBRZMF",
            event_type: "incident.acknowledged",
            resource_type: "incident",
            occurred_at: new Date().toISOString(),
            data: {
              id: "PGR0VU2",
              type: "incident",
              status: "acknowledged",
              incident_key: `steward-${alertId}`,
            },
          },
        });
        const signature = `v1=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
        return handlePagerDutyWebhook(body, `v1=${"0".repeat(64)},${signature}`);
      },
    ],
  ];

  it.each(acknowledgements)("stops when acknowledged through %s", async (via, acknowledge) => {
    const { first } = await onCallTeam();
    const t0 = new Date("2026-12-08T12:00:00Z");
    const alert = await raiseAt(t0, "critical_anomaly", true);
    await sendQueued(alert.id);
    await acknowledge(alert.id, first.user.id);

    expect(await escalateDueAlerts(new Date(t0.getTime() + 60 * 60_000))).toEqual({ escalated: 0 });
    expect(await smsRecipients(alert.id)).toEqual([first.user.id]);
    const acknowledged = await db.notification.findUniqueOrThrow({ where: { id: alert.id } });
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect(acknowledged.acknowledgedVia).toMatch(/^(app|link|pagerduty)/);
    // Steward tells PagerDuty, except when the acknowledgement came from there.
    const pagerDuty = (await deliveriesOf(alert.id))
      .filter((d) => d.channel === "pagerduty")
      .map((d) => d.purpose);
    expect(pagerDuty).toEqual(via === "PagerDuty's webhook" ? ["trigger"] : ["trigger", "acknowledge"]);
  });

  it("refuses a PagerDuty webhook whose signature does not match, and a forged link", async () => {
    const body = JSON.stringify({
      event: { event_type: "incident.acknowledged", data: { incident_key: "steward-x" } },
    });
    await expect(handlePagerDutyWebhook(body, "v1=deadbeef")).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await expect(acknowledgeByLink("alert.user.forged")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
