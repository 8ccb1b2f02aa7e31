import { formatMoney } from "@/lib/billing/format";
import type { Tenant } from "@/lib/generated/prisma/client";
import type { ReviewAction } from "@/lib/generated/prisma/enums";
import { between, type Random } from "./review-cases";

// What the demo's people choose when they do not follow the engine, how long they take, and what
// the executions of their decisions reported (seed-reviews.ts writes the history from these).

/** What a person chooses instead of a recommended action, and writes why (a note is required then). */
export const MODIFY: Record<ReviewAction, { to: ReviewAction[]; note: string }> = {
  suspend_tenant: {
    to: ["send_reminder", "dismiss"],
    note: "Long-standing customer: a reminder first, suspension if they do not answer.",
  },
  retry_payment: {
    to: ["send_reminder"],
    note: "Retries keep failing on this card; asking them for a new payment method.",
  },
  send_reminder: {
    to: ["retry_payment", "dismiss"],
    note: "Their bank confirmed the card works again; retrying rather than reminding.",
  },
  approve_refund: {
    to: ["dismiss"],
    note: "The charge is correct; we contest it with the invoice and usage logs.",
  },
  dismiss: {
    to: ["approve_refund", "send_reminder"],
    note: "Not worth contesting for this amount; settling with the customer.",
  },
  change_plan: {
    to: ["dismiss"],
    note: "Their renewal is next month; the account manager discusses the plan then.",
  },
  archive_tenant: { to: ["dismiss"], note: "Seasonal customer: they come back every spring." },
};
export const REJECT_NOTES = [
  "Customer already paid by bank transfer; nothing to do.",
  "Enterprise customer on an agreed payment plan with finance.",
  "Known problem on our side last week (payment provider outage).",
  "The evidence does not hold up: usage looks normal.",
  "Handled with the customer directly by support.",
];
export const REOPEN_NOTES = [
  "Customer had already paid by bank transfer the same day; the automatic action was not needed.",
  "Support promised this customer a manual review first.",
  "Duplicate of an issue support already settled.",
];

/** Log-uniform, so minutes are more common than hours, as in a queue worked through the day. */
export const secondsBetween = (random: Random, min: number, max: number) =>
  Math.round(Math.exp(between(random, Math.log(min), Math.log(max))));

/** What the execution reported, worded as the executors in lib/review/execute/ word it. Nothing is executed here. */
export function demoExecution(
  random: Random,
  { item, tenant }: { item: { evidence: unknown }; tenant: Tenant },
  action: ReviewAction,
): { ok: boolean; detail: string } {
  const evidence = item.evidence as Record<string, unknown>;
  const details = (evidence.details ?? {}) as { amount?: number; currency?: string; decline_code?: string };
  const money = formatMoney(
    details.amount ?? Number(evidence.amountMinor ?? 0),
    details.currency ?? String(evidence.currency ?? "EUR"),
  );
  const declined = (code: unknown) => ({
    ok: false,
    detail: `The billing system declined it (${String(code ?? "insufficient_funds")}).`,
  });
  switch (action) {
    case "dismiss":
      return { ok: true, detail: "Dismissed: nothing to execute." };
    case "send_reminder":
      return {
        ok: true,
        detail: "A payment reminder was queued to the tenant's contact (demo data: no email was sent).",
      };
    case "suspend_tenant":
      if (tenant.status === "cancelled")
        return { ok: false, detail: "The tenant is cancelled; there is nothing to suspend." };
      return {
        ok: true,
        detail: evidence.tenantSuspended
          ? "The tenant was already suspended."
          : `${tenant.name} was suspended.`,
      };
    case "retry_payment":
      // A dunning payment is still failed in the demo's billing: the retry was declined again.
      if (evidence.paymentId) return declined(evidence.lastFailureCode);
      return random() < 0.7
        ? { ok: true, detail: `The billing system charged ${money}.` }
        : declined(details.decline_code);
    case "approve_refund":
      return random() < 0.92
        ? { ok: true, detail: `${money} was refunded.` }
        : declined("charge_already_refunded");
    default:
      throw new Error(`The demo review history has no '${action}' decisions`);
  }
}
