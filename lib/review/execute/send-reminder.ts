import { queueEmail } from "@/lib/email/queue-email";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import { alreadyHandled, chargeOf, namesCharge } from "./charge";
import type { Executor } from "./target";

/** Why the tenant is written to, unless its item's kind words it otherwise. */
const DEFAULT_REMINDER_REASON = "we could not take your last payment.";

/** Queues a payment reminder to the tenant's contact, unless the charge it is about was settled meanwhile. */
export const sendReminder: Executor = async (target) => {
  const { item } = target;
  const { tenant } = item;
  if (namesCharge(item)) {
    const handled = alreadyHandled((await chargeOf(item)).payment);
    if (handled) return { ok: true, detail: handled.replace("nothing was sent", "no reminder was sent") };
  }
  await queueEmail({
    templateKey: "payment_reminder",
    to: { encrypted: tenant.contactEmailEncrypted, digest: tenant.contactEmailDigest },
    variables: {
      tenantName: tenant.name,
      reason: REVIEW_KINDS[item.kind].reminderReason ?? DEFAULT_REMINDER_REASON,
    },
    dedupeKey: `review:${target.id}:reminder`,
  });
  return { ok: true, detail: "A payment reminder was queued to the tenant's contact." };
};
