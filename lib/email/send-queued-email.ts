import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decryptPii } from "@/lib/crypto/pii";
import { renderTemplate } from "./render-template";
import { mailer, mailFrom, SMTP_TIMEOUTS_MS } from "./mailer";

/**
 * How long an attempt holds the right to send one email: a stalled SMTP exchange is cut by the
 * mailer's timeouts before then. After a crash, the next attempt waits this out at most.
 */
const SEND_LEASE_MS = SMTP_TIMEOUTS_MS.connection + SMTP_TIMEOUTS_MS.greeting + SMTP_TIMEOUTS_MS.socket;

export type SendOutcome =
  | { sent: true; messageId: string }
  | { sent: false; reason: "already-sent" }
  /** Another attempt is sending it (or crashed while it was); look again after `retryAt`. */
  | { sent: false; reason: "in-progress"; retryAt: Date };

/**
 * Delivers one logged email, at most once per log however many times or places its job runs:
 * a log marked sent is skipped, and an attempt first claims the log in Postgres, so two runs at
 * once cannot both send. The Message-ID is derived from the log id, so the one case no claim can
 * cover (a crash after the SMTP server's answer, before our update) resends with the same id, and
 * receiving servers that dedupe on it drop the copy.
 */
export async function sendQueuedEmail(
  emailLogId: string,
  options: { finalAttempt: boolean },
): Promise<SendOutcome> {
  const log = await db.emailLog.findUnique({ where: { id: emailLogId } });
  if (!log) throw new AppError("NOT_FOUND", `No email log ${emailLogId}.`);
  if (log.status === "sent") return { sent: false, reason: "already-sent" };
  const template = await db.emailTemplate.findUnique({ where: { key: log.templateKey } });
  if (!template) throw new AppError("NOT_FOUND", `Email template '${log.templateKey}' was removed.`);
  const rendered = renderTemplate(template, JSON.parse(decryptPii(log.variablesEncrypted)));

  const now = new Date();
  const lease = new Date(now.getTime() + SEND_LEASE_MS);
  const { count: claimed } = await db.emailLog.updateMany({
    where: {
      id: log.id,
      status: { not: "sent" },
      OR: [{ sendingUntil: null }, { sendingUntil: { lt: now } }],
    },
    data: { attempts: { increment: 1 }, sendingUntil: lease },
  });
  if (!claimed) {
    const current = await db.emailLog.findUniqueOrThrow({
      where: { id: log.id },
      select: { status: true, sendingUntil: true },
    });
    return current.status === "sent"
      ? { sent: false, reason: "already-sent" }
      : { sent: false, reason: "in-progress", retryAt: current.sendingUntil ?? now };
  }

  try {
    const info = await mailer().sendMail({
      from: mailFrom(),
      to: decryptPii(log.recipientEncrypted),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${log.id}@steward>`,
    });
    await db.emailLog.update({
      where: { id: log.id },
      data: {
        status: "sent",
        sentAt: new Date(),
        providerMessageId: info.messageId,
        error: null,
        sendingUntil: null,
      },
    });
    return { sent: true, messageId: info.messageId };
  } catch (error) {
    // Only while the claim is still ours: a run that took over a lapsed claim may have sent it since.
    await db.emailLog.updateMany({
      where: { id: log.id, sendingUntil: lease },
      data: {
        status: options.finalAttempt ? "failed" : "queued",
        error: (error as Error).message.slice(0, 1000),
        sendingUntil: null,
      },
    });
    throw error;
  }
}
