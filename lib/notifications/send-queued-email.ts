import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decryptPii } from "@/lib/crypto/pii";
import { renderTemplate } from "./render-template";
import { mailer, mailFrom } from "./mailer";

/**
 * Delivers one logged email. A log already marked sent is skipped, so a job that runs twice
 * sends once. The Message-ID is derived from the log id, so a retry after a crash between the
 * SMTP answer and our update carries the same id and receiving servers can drop the copy.
 */
export async function sendQueuedEmail(emailLogId: string, options: { finalAttempt: boolean }): Promise<{ sent: boolean; messageId?: string }> {
  const log = await db.emailLog.findUnique({ where: { id: emailLogId } });
  if (!log) throw new AppError("NOT_FOUND", `No email log ${emailLogId}.`);
  if (log.status === "sent") return { sent: false };
  const template = await db.emailTemplate.findUnique({ where: { key: log.templateKey } });
  if (!template) throw new AppError("NOT_FOUND", `Email template '${log.templateKey}' was removed.`);
  const rendered = renderTemplate(template, JSON.parse(decryptPii(log.variablesEncrypted)));

  await db.emailLog.update({ where: { id: log.id }, data: { attempts: { increment: 1 } } });
  try {
    const info = await mailer().sendMail({
      from: mailFrom(),
      to: decryptPii(log.recipientEncrypted),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${log.id}@steward>`,
    });
    await db.emailLog.update({ where: { id: log.id }, data: { status: "sent", sentAt: new Date(), providerMessageId: info.messageId, error: null } });
    return { sent: true, messageId: info.messageId };
  } catch (error) {
    await db.emailLog.update({ where: { id: log.id }, data: { status: options.finalAttempt ? "failed" : "queued", error: (error as Error).message.slice(0, 1000) } });
    throw error;
  }
}
