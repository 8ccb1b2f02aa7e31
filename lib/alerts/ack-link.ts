import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { appLink } from "@/lib/email/app-link";

/** Its own key, derived from the encryption key, so one secret in the environment is enough. */
function ackKey(): Buffer {
  return Buffer.from(
    hkdfSync(
      "sha256",
      Buffer.from(env().STEWARD_ENCRYPTION_KEY, "base64"),
      Buffer.alloc(0),
      "steward:alert-ack",
      32,
    ),
  );
}

const signature = (payload: string) => createHmac("sha256", ackKey()).update(payload).digest("base64url");

/**
 * A token that acknowledges one alert as one person, for the link in an SMS or an email: whoever
 * holds the message may acknowledge it, nothing more (it signs in no one and expires with the alert).
 */
export function ackToken(notificationId: string, userId: string): string {
  const payload = `${notificationId}.${userId}`;
  return `${payload}.${signature(payload)}`;
}

/** The alert and the person a token names, or null when it was not signed by this Steward. */
export function readAckToken(token: string): { notificationId: string; userId: string } | null {
  const [notificationId, userId, given, ...rest] = token.split(".");
  if (!notificationId || !userId || !given || rest.length) return null;
  const expected = Buffer.from(signature(`${notificationId}.${userId}`));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { notificationId, userId };
}

export const ackLink = (notificationId: string, userId: string) =>
  appLink(`/api/alerts/acknowledge?token=${encodeURIComponent(ackToken(notificationId, userId))}`);
