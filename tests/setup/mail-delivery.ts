import { Worker } from "bullmq";
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll } from "vitest";
import { createRedis, queuePrefix } from "@/lib/redis";
import { closeQueues } from "@/lib/jobs/queues";
import { findFreePort } from "@/lib/devservices/free-port";
import { startMailCatcher, type RunningMailCatcher } from "@/lib/devservices/mail-catcher";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { currentWorkerIdentity } from "@/lib/jobs/heartbeat";
import { createProcessors } from "@/worker/processors";

export type ReceivedMail = { mail: ParsedMail; to: string[] };

/**
 * A real SMTP server and an email worker for this file's tests: queued emails are delivered to it
 * over SMTP and parsed into the returned list.
 */
export function deliverEmailsToTestServer(): ReceivedMail[] {
  const received: ReceivedMail[] = [];
  let smtp: RunningMailCatcher;
  let worker: Worker;
  beforeAll(async () => {
    smtp = await startMailCatcher({
      port: await findFreePort(),
      onMessage: async (raw, envelope) => received.push({ mail: await simpleParser(raw), to: envelope.to }),
    });
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "Steward Test <steward@test.example>";
    await ensureDefaultTemplates();
    worker = new Worker("email", createProcessors(currentWorkerIdentity(new Date())).email, {
      connection: createRedis("worker"),
      prefix: queuePrefix(),
    });
  });
  afterAll(async () => {
    await worker.close();
    await closeQueues();
    await smtp.stop();
  });
  return received;
}
