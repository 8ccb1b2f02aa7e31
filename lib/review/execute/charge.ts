import { db } from "@/lib/db";
import type { GatewayOutcome } from "@/lib/billing/payment-gateway";
import { AppError } from "@/lib/errors";
import type { Payment, ReviewItem } from "@/lib/generated/prisma/client";
import type { Outcome } from "./target";

/** The charge an item is about, as the payment actions (retry, refund, reminder) act on it. */
export type Charge = {
  reference: string | null;
  amountMinor: number;
  currency: string;
  payment: Payment | null;
};

/** The charge an item is about: a dunning payment Steward holds, or the one a payment issue names. */
export async function chargeOf(item: ReviewItem): Promise<Charge> {
  const evidence = item.evidence as Record<string, unknown>;
  if (typeof evidence.paymentId === "string") {
    const payment = await db.payment.findUnique({ where: { id: evidence.paymentId } });
    if (!payment) throw new AppError("NOT_FOUND", "The payment of this item no longer exists.");
    return {
      reference: payment.providerReference,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      payment,
    };
  }
  const details = (evidence.details ?? {}) as {
    payment_reference?: string;
    amount?: number;
    currency?: string;
  };
  if (typeof details.amount !== "number" || typeof details.currency !== "string")
    throw new AppError("VALIDATION", "This item names no payment to act on.");
  const reference = details.payment_reference ?? null;
  const payment = reference ? await db.payment.findUnique({ where: { providerReference: reference } }) : null;
  // The platform names the charge; one of another tenant's is never acted on in this tenant's name.
  if (payment && payment.tenantId !== item.tenantId)
    throw new AppError("CONFLICT", `The charge ${reference} belongs to another tenant; nothing was sent.`);
  return { reference, amountMinor: details.amount, currency: details.currency, payment };
}

/** Whether an item is about a particular charge (a reminder about one that was settled meanwhile is not sent). */
export function namesCharge(item: ReviewItem): boolean {
  const evidence = item.evidence as { paymentId?: unknown; details?: { payment_reference?: unknown } };
  return typeof evidence.paymentId === "string" || typeof evidence.details?.payment_reference === "string";
}

/** Why nothing is sent for a charge Steward knows is no longer unpaid, or null when it still is (or is not Steward's). */
export function alreadyHandled(payment: Payment | null): string | null {
  if (!payment || payment.status === "failed") return null;
  if (payment.status === "retrying") return "Dunning is retrying this payment itself; nothing was sent.";
  if (payment.status === "cancelled") return "The subscription was cancelled; nothing was sent.";
  return "The payment was settled meanwhile; nothing was sent.";
}

/** The billing system's answer as an outcome: `done` when it succeeded. */
export function gatewayOutcome(outcome: GatewayOutcome, done: string): Outcome {
  return outcome.status === "succeeded"
    ? { ok: true, detail: done }
    : { ok: false, detail: `The billing system declined it (${outcome.failureCode}).` };
}

/** What a payment action reports when there is no billing system to send it to. */
export const NO_BILLING_ENDPOINT: Outcome = {
  ok: false,
  detail:
    "No billing endpoint is configured (BILLING_WEBHOOK_URL), so nothing could be sent to the billing system.",
};
