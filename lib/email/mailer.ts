import nodemailer, { type Transporter } from "nodemailer";
import { AppError } from "@/lib/errors";

/** Bounds on one SMTP exchange (nodemailer waits up to 10 minutes on a silent socket by default). */
export const SMTP_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 20_000 } as const;

const holder = globalThis as unknown as { stewardMailer?: { url: string; transport: Transporter } };

/** The SMTP transport for SMTP_URL (e.g. smtp://user:pass@host:587, smtps:// for TLS). */
export function mailer(): Transporter {
  const url = process.env.SMTP_URL;
  if (!url) throw new AppError("UNAVAILABLE", "SMTP_URL is not set, so Steward cannot send email.");
  if (holder.stewardMailer?.url !== url) {
    const transport = nodemailer.createTransport({
      url,
      connectionTimeout: SMTP_TIMEOUTS_MS.connection,
      greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
      socketTimeout: SMTP_TIMEOUTS_MS.socket,
    });
    holder.stewardMailer = { url, transport };
  }
  return holder.stewardMailer.transport;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Steward <steward@localhost>";
}
