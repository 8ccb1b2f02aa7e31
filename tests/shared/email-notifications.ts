// The email tests, run on one Redis (email.test.ts) and on a Redis Cluster (redis-cluster.test.ts):
// a worker in this process delivers through the queue to a test SMTP server.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { findFreePort } from "@/lib/devservices/free-port";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { queueEmail, recordEmails } from "@/lib/email/queue-email";
import { requeueStrandedEmails } from "@/lib/email/requeue-stranded-emails";
import { sendQueuedEmail } from "@/lib/email/send-queued-email";
import { updateEmailTemplate } from "@/lib/email/update-email-template";
import { makeUser } from "../setup/fixtures";
import { deliverEmailsToTestServer } from "../setup/mail-delivery";
import { until } from "../setup/until";

/** Emails through the queue: once per dedupe key, once when runs race, retried until the last attempt. */
export function describeEmailNotifications(connection: string) {
  describe(`email notifications (${connection})`, () => {
    const received = deliverEmailsToTestServer();

    const welcome = (dedupeKey: string, to = "owner@acme.example") => ({
      templateKey: "trial_welcome",
      to,
      variables: { tenantName: "Acme <Labs>", planName: "Pro", trialEndsOn: "7 December 2026" },
      dedupeKey,
    });

    /** A log written directly (not queued), so only the test's own calls try to deliver it. */
    async function logDirectly(dedupeKey: string, extra: { sendingUntil?: Date; attempts?: number } = {}) {
      const { emailLogId } = await queueEmail(welcome(`${dedupeKey}:template`));
      const sent = await until(() => db.emailLog.findFirst({ where: { id: emailLogId, status: "sent" } }));
      const { templateKey, recipientEncrypted, recipientDigest, variablesEncrypted } = sent;
      return db.emailLog.create({
        data: { dedupeKey, templateKey, recipientEncrypted, recipientDigest, variablesEncrypted, ...extra },
      });
    }

    const deliveries = (logId: string) =>
      received.filter((r) => r.mail.messageId === `<${logId}@steward>`).length;

    it("delivers a templated email once per dedupe key, through the queue, and logs it", async () => {
      const first = await queueEmail(welcome("trial:acme:welcome"));
      const again = await queueEmail(welcome("trial:acme:welcome"));
      expect(first.created).toBe(true);
      expect(again).toEqual({ emailLogId: first.emailLogId, created: false });

      const log = await until(() =>
        db.emailLog.findFirst({ where: { id: first.emailLogId, status: "sent" } }),
      );
      expect(log).toMatchObject({
        attempts: 1,
        error: null,
        providerMessageId: `<${first.emailLogId}@steward>`,
      });
      await new Promise((r) => setTimeout(r, 300));
      const mine = received.filter((r) => r.mail.messageId === `<${first.emailLogId}@steward>`);
      expect(mine).toHaveLength(1);
      expect(mine[0].to).toEqual(["owner@acme.example"]);
      expect(mine[0].mail.subject).toBe("Welcome to your Pro trial, Acme <Labs>");
      expect(mine[0].mail.text).toContain("runs until 7 December 2026");
      expect(mine[0].mail.html).toContain("Acme &lt;Labs&gt;");
      expect(mine[0].mail.from?.text).toBe('"Steward Test" <steward@test.example>');

      // A job that runs again after the send does not send again.
      expect(await sendQueuedEmail(first.emailLogId, { finalAttempt: false })).toEqual({
        sent: false,
        reason: "already-sent",
      });
    });

    it("an email recorded but never queued goes out once the stranded-email sweep finds it", async () => {
      const { results } = await recordEmails([welcome("stranded:1", "stranded@acme.example")]);
      const { emailLogId } = results[0];
      // A fresh one is left to its producer; ten minutes on it counts as stranded.
      expect(await requeueStrandedEmails()).toBe(0);
      expect(await requeueStrandedEmails(new Date(Date.now() + 11 * 60_000))).toBeGreaterThanOrEqual(1);
      await until(() => db.emailLog.findFirst({ where: { id: emailLogId, status: "sent" } }));
      // Once sent it is not queued again; a day on, a stranded email is no longer worth sending.
      expect(await requeueStrandedEmails(new Date(Date.now() + 11 * 60_000))).toBe(0);
      await recordEmails([welcome("stranded:old", "old@acme.example")]);
      expect(await requeueStrandedEmails(new Date(Date.now() + 25 * 3_600_000))).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(received.filter((r) => r.mail.messageId === `<${emailLogId}@steward>`)).toHaveLength(1);
    });

    it("stores the recipient and variables encrypted", async () => {
      const { emailLogId } = await queueEmail(welcome("trial:secret:welcome", "ceo@secret-tenant.example"));
      const row = await db.emailLog.findUniqueOrThrow({ where: { id: emailLogId } });
      expect(JSON.stringify(row)).not.toMatch(/secret-tenant|Acme/);
    });

    it("refuses a missing or unknown variable before anything is logged", async () => {
      const before = await db.emailLog.count();
      await expect(
        queueEmail({ ...welcome("bad:1"), variables: { tenantName: "Acme", planName: "Pro" } }),
      ).rejects.toMatchObject({
        code: "VALIDATION",
        message: "Template 'trial_welcome': Missing value for {{trialEndsOn}}.",
      });
      await expect(
        queueEmail({ ...welcome("bad:2"), variables: { ...welcome("x").variables, coupon: "FREE" } }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
      await expect(
        queueEmail({ ...welcome("bad:3"), templateKey: "no_such_template" }),
      ).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await db.emailLog.count()).toBe(before);
    });

    it("marks a delivery failed, with the error, when the last attempt fails", async () => {
      const log = await logDirectly("manual:down");
      const working = process.env.SMTP_URL;
      process.env.SMTP_URL = `smtp://127.0.0.1:${await findFreePort()}`;
      await expect(sendQueuedEmail(log.id, { finalAttempt: false })).rejects.toThrow();
      expect(await db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({
        status: "queued",
        attempts: 1,
        error: expect.stringMatching(/ECONNREFUSED/),
      });
      await expect(sendQueuedEmail(log.id, { finalAttempt: true })).rejects.toThrow();
      expect(await db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({
        status: "failed",
        attempts: 2,
      });
      process.env.SMTP_URL = working;
    });

    it("sends once when two runs of one job race, and takes over the claim of a run that crashed", async () => {
      const raced = await logDirectly("manual:race");
      const outcomes = await Promise.all([
        sendQueuedEmail(raced.id, { finalAttempt: false }),
        sendQueuedEmail(raced.id, { finalAttempt: false }),
      ]);
      expect(outcomes.filter((o) => o.sent)).toHaveLength(1);
      expect(outcomes.find((o) => !o.sent)).toMatchObject({
        sent: false,
        reason: expect.stringMatching(/^(in-progress|already-sent)$/),
      });
      await until(async () => deliveries(raced.id) > 0);
      await new Promise((r) => setTimeout(r, 300));
      expect(deliveries(raced.id)).toBe(1);
      expect(await db.emailLog.findUniqueOrThrow({ where: { id: raced.id } })).toMatchObject({
        status: "sent",
        attempts: 1,
        sendingUntil: null,
      });

      // A run that died mid-send left its claim: the next run is told when to look again, then sends.
      const claimedUntil = new Date(Date.now() + 60_000);
      const orphaned = await logDirectly("manual:orphaned", { sendingUntil: claimedUntil, attempts: 1 });
      expect(await sendQueuedEmail(orphaned.id, { finalAttempt: false })).toEqual({
        sent: false,
        reason: "in-progress",
        retryAt: claimedUntil,
      });
      expect(deliveries(orphaned.id)).toBe(0);
      await db.emailLog.update({
        where: { id: orphaned.id },
        data: { sendingUntil: new Date(Date.now() - 1) },
      });
      expect(await sendQueuedEmail(orphaned.id, { finalAttempt: false })).toMatchObject({ sent: true });
      expect(await db.emailLog.findUniqueOrThrow({ where: { id: orphaned.id } })).toMatchObject({
        status: "sent",
        attempts: 2,
      });
    });

    it("lets an owner reword a template but refuses unknown variables, field by field", async () => {
      const { actor: owner } = await makeUser("OWNER");
      await expect(
        updateEmailTemplate.execute(owner, {
          key: "trial_expired",
          subject: "Bye {{tenantName}} {{discount}}",
          html: "<p>{{tenantName}}</p>",
          text: "{{tenantName}} {{planName}}",
        }),
      ).rejects.toMatchObject({
        code: "VALIDATION",
        fields: { subject: ["Unknown variable {{discount}}; allowed: {{tenantName}}, {{planName}}"] },
      });
      await updateEmailTemplate.execute(owner, {
        key: "trial_expired",
        subject: "Trial over, {{tenantName}}",
        html: "<p>{{tenantName}}</p>",
        text: "{{tenantName}}",
      });
      expect((await db.emailTemplate.findUniqueOrThrow({ where: { key: "trial_expired" } })).subject).toBe(
        "Trial over, {{tenantName}}",
      );
      expect(
        await db.auditLog.count({ where: { action: "emailTemplate.updated", entityId: "trial_expired" } }),
      ).toBe(1);
      expect(await ensureDefaultTemplates()).toBe(0);
      expect((await db.emailTemplate.findUniqueOrThrow({ where: { key: "trial_expired" } })).subject).toBe(
        "Trial over, {{tenantName}}",
      );
    });
  });
}
