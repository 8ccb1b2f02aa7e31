import type RequestClient from "twilio/lib/base/RequestClient";
import { alertProviders } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ProviderError } from "./provider-error";

const TWILIO_API = "https://api.twilio.com";

/**
 * Twilio's own HTTP client, sending to another base URL (the development SMS catcher, a test's
 * local server). The SDK builds every request against api.twilio.com and has no base-URL option;
 * its `httpClient` option is the documented way to change how requests are made.
 */
function rebasedRequestClient(Base: typeof RequestClient, base: string): RequestClient {
  return new (class extends Base {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_API, base.replace(/\/$/, "")) });
    }
  })({ timeout: 10_000 });
}

/** Whether Steward has what it needs to send SMS. */
export function smsConfigured(): boolean {
  const p = alertProviders();
  return Boolean(p.TWILIO_ACCOUNT_SID && p.TWILIO_AUTH_TOKEN && p.TWILIO_FROM_NUMBER);
}

/** Sends one SMS through Twilio's Messages API; the message SID on success. */
export async function sendSms(to: string, body: string): Promise<string> {
  const p = alertProviders();
  if (!p.TWILIO_ACCOUNT_SID || !p.TWILIO_AUTH_TOKEN || !p.TWILIO_FROM_NUMBER)
    throw new AppError(
      "UNAVAILABLE",
      "SMS is not set up (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER).",
    );
  // Loaded on first use: the SDK takes seconds to import, which every worker start would pay.
  const { default: twilio } = await import("twilio");
  const client = twilio(p.TWILIO_ACCOUNT_SID, p.TWILIO_AUTH_TOKEN, {
    ...(p.TWILIO_API_URL ? { httpClient: rebasedRequestClient(twilio.RequestClient, p.TWILIO_API_URL) } : {}),
  });
  try {
    const message = await client.messages.create({ to, from: p.TWILIO_FROM_NUMBER, body });
    return message.sid;
  } catch (error) {
    const { status, code, message } = error as { status?: number; code?: number; message: string };
    throw new ProviderError(
      "Twilio",
      typeof status === "number" ? status : null,
      code ? `${code} ${message}` : message,
    );
  }
}
