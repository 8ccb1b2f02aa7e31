import { formatMoney } from "@/lib/billing/format";
import { chargeOf, gatewayOutcome, NO_BILLING_ENDPOINT } from "./charge";
import type { Executor } from "./target";

/** Asks the billing system to refund the amount the item names, never more than the charge. */
export const approveRefund: Executor = async (target, gateway) => {
  if (!gateway) return NO_BILLING_ENDPOINT;
  const money = await chargeOf(target.item);
  if (!money.reference) return { ok: false, detail: "This item names no charge to refund." };
  const { payment } = money;
  if (payment && (payment.currency !== money.currency || payment.amountMinor < money.amountMinor)) {
    return {
      ok: false,
      detail: `The refund asked (${formatMoney(money.amountMinor, money.currency)}) is more than the charge (${formatMoney(payment.amountMinor, payment.currency)}); nothing was sent.`,
    };
  }
  const outcome = await gateway.refund({
    providerReference: money.reference,
    tenant: target.item.tenant.slug,
    amountMinor: money.amountMinor,
    currency: money.currency,
    idempotencyKey: `review:${target.item.id}:refund`,
  });
  return gatewayOutcome(outcome, `${formatMoney(money.amountMinor, money.currency)} was refunded.`);
};
