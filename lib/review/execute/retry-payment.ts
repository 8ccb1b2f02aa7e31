import { changeWithEffects } from "@/lib/billing/effects";
import { formatMoney } from "@/lib/billing/format";
import { recordRecovered } from "@/lib/billing/payments";
import { alreadyHandled, chargeOf, gatewayOutcome, NO_BILLING_ENDPOINT } from "./charge";
import { actorOf, type Executor } from "./target";

/** Asks the billing system to charge the item's payment again; a success is recorded as dunning records one. */
export const retryPayment: Executor = async (target, gateway) => {
  if (!gateway) return NO_BILLING_ENDPOINT;
  const money = await chargeOf(target.item);
  if (!money.reference) return { ok: false, detail: "This item names no charge to retry." };
  const { payment } = money;
  const handled = alreadyHandled(payment);
  if (handled) return { ok: true, detail: handled };
  const outcome = await gateway.retry({
    paymentId: payment?.id ?? money.reference,
    providerReference: money.reference,
    tenant: target.item.tenant.slug,
    amountMinor: money.amountMinor,
    currency: money.currency,
    attempt: (payment?.attemptCount ?? 0) + 1,
    // Per item, not per decision: reopening and approving again cannot charge twice.
    idempotencyKey: `review:${target.item.id}:retry`,
  });
  if (outcome.status === "succeeded" && payment) {
    // The same recovery as dunning's: the trial converts, a billing suspension is lifted, the tenant is told.
    await changeWithEffects((tx, effects) =>
      recordRecovered(
        { tx, actor: actorOf(target), effects, tenant: target.item.tenant, at: new Date() },
        payment,
        "retry",
      ),
    );
  }
  return gatewayOutcome(
    outcome,
    `The billing system charged ${formatMoney(money.amountMinor, money.currency)}.`,
  );
};
