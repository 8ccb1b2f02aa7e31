import nodemailer, { type Transporter } from "nodemailer";
import { AppError } from "@/lib/errors";

const holder = globalThis as unknown as { stewardMailer?: { url: string; transport: Transporter } };

/** The SMTP transport for SMTP_URL (e.g. smtp://user:pass@host:587, smtps:// for TLS). */
export function mailer(): Transporter {
  const url = process.env.SMTP_URL;
  if (!url) throw new AppError("UNAVAILABLE", "SMTP_URL is not set, so Steward cannot send email.");
  if (holder.stewardMailer?.url !== url) holder.stewardMailer = { url, transport: nodemailer.createTransport(url) };
  return holder.stewardMailer.transport;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Steward <steward@localhost>";
}
