import { env } from "@/lib/env";
import type { ReminderKind } from "./schemas";

const HOUR = 3_600_000;

/**
 * Decline codes that retrying cannot fix (the card or account is gone, or the charge is refused as
 * fraud): they skip dunning and go straight to suspension and review.
 */
const HARD_DECLINE_CODES = new Set([
  "stolen_card",
  "lost_card",
  "pickup_card",
  "fraudulent",
  "restricted_card",
  "account_closed",
  "closed_account",
  "invalid_account",
  "stop_payment_order",
  "revocation_of_authorization",
]);

export function isHardDecline(failureCode: string): boolean {
  return HARD_DECLINE_CODES.has(failureCode);
}

/**
 * When the next retry of a payment is due, or null when the retries are spent. `attempts` counts
 * the charge attempts so far, the first one included. Retries are due at their offset from the
 * first failure, but never sooner after the last attempt than the schedule spaces them: retries
 * that ran late (worker or billing endpoint down) do not then fire back to back.
 */
export function nextRetryAt(firstFailedAt: Date, attempts: number, lastAttemptAt: Date): Date | null {
  const offsets = env().DUNNING_RETRY_HOURS;
  const hours = offsets[attempts - 1];
  if (hours === undefined) return null;
  const gap = hours - (offsets[attempts - 2] ?? 0);
  return new Date(Math.max(firstFailedAt.getTime() + hours * HOUR, lastAttemptAt.getTime() + gap * HOUR));
}

export const REMINDER_TEMPLATES: Record<ReminderKind, string> = {
  first: "trial_ending_7_days",
  final: "trial_ending_tomorrow",
};

export function reminderDays(kind: ReminderKind): number {
  const [first, final] = env().TRIAL_REMINDER_DAYS;
  return kind === "first" ? first : final;
}

export function reminderLabel(kind: ReminderKind): string {
  const days = reminderDays(kind);
  return days === 1 ? "ends tomorrow" : `ends in ${days} days`;
}
