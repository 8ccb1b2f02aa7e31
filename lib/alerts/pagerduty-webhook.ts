import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { alertProviders } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { acknowledgeAlert, resolveAlert } from "./acknowledge-alert";

/** The part of a v3 webhook Steward reads: what happened, and the incident's key (our dedup_key). */
const webhookSchema = z.object({
  event: z.object({
    event_type: z.string(),
    data: z.object({ incident_key: z.string().nullish() }).loose(),
  }),
});

/**
 * PagerDuty signs each v3 webhook with HMAC-SHA256 of the raw body under the subscription's secret,
 * sent as `X-PagerDuty-Signature: v1=<hex>` (several, comma-separated, while a secret rotates).
 */
export function pagerDutySignatureValid(rawBody: string, header: string | null, secret: string): boolean {
  const expected = Buffer.from(`v1=${createHmac("sha256", secret).update(rawBody).digest("hex")}`);
  return (header ?? "")
    .split(",")
    .map((part) => Buffer.from(part.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}

/**
 * PagerDuty reporting an incident acknowledged or resolved there: the alert it was opened for is
 * acknowledged or resolved in Steward (its escalation stops). Other events are accepted and ignored.
 */
export async function handlePagerDutyWebhook(
  rawBody: string,
  signature: string | null,
): Promise<{ outcome: "acknowledged" | "resolved" | "ignored" }> {
  const secret = alertProviders().PAGERDUTY_WEBHOOK_SECRET;
  if (!secret)
    throw new AppError("NOT_FOUND", "PagerDuty webhooks are not set up (PAGERDUTY_WEBHOOK_SECRET).");
  if (!pagerDutySignatureValid(rawBody, signature, secret))
    throw new AppError("UNAUTHENTICATED", "The X-PagerDuty-Signature does not match.");
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("VALIDATION", "The body is not JSON.");
  }
  const parsed = webhookSchema.safeParse(json);
  if (!parsed.success) throw new AppError("VALIDATION", "Not a PagerDuty v3 webhook event.");
  const { event_type: type, data } = parsed.data.event;
  const notificationId = data.incident_key?.startsWith("steward-")
    ? data.incident_key.slice("steward-".length)
    : null;
  if (!notificationId) return { outcome: "ignored" };
  if (type === "incident.acknowledged") {
    await acknowledgeAlert(notificationId, { channel: "pagerduty" });
    return { outcome: "acknowledged" };
  }
  if (type === "incident.resolved") {
    await resolveAlert(notificationId, { channel: "pagerduty" });
    return { outcome: "resolved" };
  }
  return { outcome: "ignored" };
}
