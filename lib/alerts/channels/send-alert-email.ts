import { mailer, mailFrom } from "@/lib/email/mailer";

/** Emails one alert (or a digest) to one person, plain text; the SMTP Message-ID on success. */
export async function sendAlertEmail(
  to: string,
  message: { subject: string; text: string; messageId: string },
) {
  const info = await mailer().sendMail({
    from: mailFrom(),
    to,
    subject: message.subject,
    text: message.text,
    messageId: `<${message.messageId}@steward>`,
  });
  return info.messageId;
}
