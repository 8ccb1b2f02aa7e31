import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";

/** How far a signed request's timestamp may be from our clock; older requests are replays. */
const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const TIMESTAMP_HEADER = "x-steward-timestamp";
const SIGNATURE_HEADER = "x-steward-signature";

/** `sha256=<hex>` of HMAC-SHA256(secret, "<unix seconds>.<raw body>"); the timestamp is signed so it cannot be swapped. */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The headers a signed request carries. */
export function signatureHeaders(secret: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, body) };
}

/**
 * Billing events are signed by default: with BILLING_EVENTS_SECRET the signature must match, and
 * without it they are refused (503, a setting is missing) unless BILLING_EVENTS_UNSIGNED=true.
 */
export function checkBillingEventSignature(
  settings: { secret?: string; acceptUnsigned: boolean },
  body: string,
  header: (name: string) => string | null,
): void {
  if (settings.secret) return verifySignature(settings.secret, body, header);
  if (!settings.acceptUnsigned)
    throw new AppError(
      "UNAVAILABLE",
      "Billing events must be signed, but BILLING_EVENTS_SECRET is not set on this Steward (or set BILLING_EVENTS_UNSIGNED=true).",
    );
}

/** Refuses (401) a request whose signature is missing, wrong, or made outside the tolerance. */
export function verifySignature(
  secret: string,
  body: string,
  header: (name: string) => string | null,
  now = new Date(),
): void {
  const timestampText = header(TIMESTAMP_HEADER);
  const signature = header(SIGNATURE_HEADER);
  if (!timestampText || !signature)
    throw new AppError(
      "UNAUTHENTICATED",
      `This endpoint requires the ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers.`,
    );
  const timestamp = Number(timestampText);
  if (!Number.isInteger(timestamp))
    throw new AppError("UNAUTHENTICATED", `${TIMESTAMP_HEADER} must be Unix seconds.`);
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new AppError(
      "UNAUTHENTICATED",
      `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes from the server's clock.`,
    );
  }
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError("UNAUTHENTICATED", "The signature does not match the body.");
}
