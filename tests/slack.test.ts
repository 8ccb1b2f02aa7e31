import { createServer, type Server } from "node:http";
import { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRedis } from "@/lib/redis";
import { closeQueues, getQueue } from "@/lib/jobs/queues";
import { deliverAlert } from "@/lib/alerts/deliver-alert";
import { routeAlert } from "@/lib/alerts/route-alert";
import { currentWorkerIdentity } from "@/lib/jobs/heartbeat";
import { findFreePort } from "@/lib/devservices/free-port";
import { raiseNotification } from "@/lib/notifications/raise-notification";
import { createProcessors } from "@/worker/processors";
import { until } from "./setup/until";

type Received = { method?: string; path?: string; contentType?: string; body: unknown };

// A real HTTP server standing in for Slack's incoming webhook: it keeps what it is sent and
// answers with whatever status the test sets.
const received: Received[] = [];
let answer = 200;
let slack: Server;
let webhookUrl: string;

beforeAll(async () => {
  slack = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      received.push({
        method: request.method,
        path: request.url,
        contentType: request.headers["content-type"],
        body: JSON.parse(raw),
      });
      response
        .writeHead(answer, { "content-type": "text/plain" })
        .end(answer === 200 ? "ok" : "internal_error");
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => slack.listen(port, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${port}/services/T0000/B0000/secret`;
  process.env.NEXTAUTH_URL = "https://steward.example.test";
});

beforeEach(() => {
  process.env.SLACK_WEBHOOK_URL = webhookUrl;
  answer = 200;
  received.length = 0;
});

afterAll(async () => {
  delete process.env.SLACK_WEBHOOK_URL;
  await closeQueues();
  slack.closeAllConnections();
  await new Promise((resolve) => slack.close(resolve));
});

/** A notification stored without going through raiseNotification, so nothing is routed for it yet. */
const stored = (dedupeKey: string, link: string | null = "/jobs/email%3A7") =>
  db.notification.create({
    data: {
      severity: "critical",
      title: "Emails are failing",
      body: "email job 7 failed after 5 attempt(s): ECONNREFUSED",
      link,
      dedupeKey,
    },
  });

/** Routes a stored notification and sends its Slack delivery the way the worker would. */
async function postToSlack(notificationId: string) {
  await routeAlert(notificationId);
  const delivery = await db.alertDelivery.findFirst({ where: { notificationId, channel: "slack" } });
  if (delivery) await deliverAlert(delivery.id, { finalAttempt: false });
}

describe("Slack alerts", () => {
  it("posts the title, the body and a link into Steward as the message text", async () => {
    const { id } = await stored("slack:text");
    await postToSlack(id);
    expect(received).toEqual([
      {
        method: "POST",
        path: "/services/T0000/B0000/secret",
        contentType: "application/json",
        body: {
          text: "*Emails are failing*\nemail job 7 failed after 5 attempt(s): ECONNREFUSED <https://steward.example.test/jobs/email%3A7|Open in Steward>",
        },
      },
    ]);
  });

  it("leaves the link out when the notification has none", async () => {
    const { id } = await stored("slack:no-link", null);
    await postToSlack(id);
    expect(received.map((r) => r.body)).toEqual([
      { text: "*Emails are failing*\nemail job 7 failed after 5 attempt(s): ECONNREFUSED" },
    ]);
  });

  it("throws when Slack answers 500, so the job is retried, and keeps the answer on the delivery", async () => {
    const { id } = await stored("slack:down");
    answer = 500;
    await expect(postToSlack(id)).rejects.toThrow("Slack answered 500");
    expect(received).toHaveLength(1);
    expect(await db.alertDelivery.findFirst({ where: { notificationId: id } })).toMatchObject({
      status: "queued",
      lastStatusCode: 500,
      attempts: 1,
    });
  });

  it("posts nothing without SLACK_WEBHOOK_URL", async () => {
    const { id } = await stored("slack:off");
    delete process.env.SLACK_WEBHOOK_URL;
    await postToSlack(id);
    expect(received).toHaveLength(0);
  });

  it("records and queues one Slack post per critical notification, however often it is raised, and none for a warning", async () => {
    const critical = await raiseNotification({
      severity: "critical",
      title: "Database down",
      body: "Primary unreachable",
      dedupeKey: "slack:queue:critical",
    });
    await raiseNotification({
      severity: "critical",
      title: "Database down",
      body: "Primary unreachable",
      dedupeKey: "slack:queue:critical",
    });
    const warning = await raiseNotification({
      severity: "warning",
      title: "Slow queue",
      body: "email is behind",
      dedupeKey: "slack:queue:warning",
    });

    const deliveries = await db.alertDelivery.findMany({
      where: { notificationId: { in: [critical.id, warning.id] } },
    });
    expect(deliveries.map((d) => [d.notificationId, d.channel])).toEqual([[critical.id, "slack"]]);
    const jobs = await getQueue("alerts").getJobs(["waiting", "delayed", "active", "completed"]);
    expect(jobs.filter((job) => job.data.deliveryId === deliveries[0].id).map((job) => job.id)).toEqual([
      `alert-delivery-${deliveries[0].id}`,
    ]);
  });

  it("reaches Slack through the alerts queue and the worker when a critical notification is raised", async () => {
    const connection = createRedis("worker");
    const worker = new Worker("alerts", createProcessors(currentWorkerIdentity(new Date())).alerts, {
      connection,
      prefix: env().STEWARD_QUEUE_PREFIX,
    });
    try {
      await raiseNotification({
        severity: "critical",
        title: "Payments failing",
        body: "3 tenants past due in the last hour",
        link: "/tenants?status=past_due",
        dedupeKey: "slack:worker",
      });
      const message = await until(() =>
        received.find((r) => (r.body as { text: string }).text.startsWith("*Payments failing*")),
      );
      expect(message.body).toEqual({
        text: "*Payments failing*\n3 tenants past due in the last hour <https://steward.example.test/tenants?status=past_due|Open in Steward>",
      });
    } finally {
      await worker.close();
      await connection.quit();
    }
  });
});
