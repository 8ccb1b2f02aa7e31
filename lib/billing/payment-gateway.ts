import { z } from "zod";
import { env } from "@/lib/env";
import { signatureHeaders } from "./signature";

export type RetryRequest = {
  paymentId: string;
  providerReference: string;
  tenant: string;
  amountMinor: number;
  currency: string;
  /** Which charge attempt this is (the first charge was attempt 1). */
  attempt: number;
  /** Same for every delivery of one attempt, so the billing system charges at most once per attempt. */
  idempotencyKey: string;
};

export type RefundRequest = {
  providerReference: string;
  tenant: string;
  amountMinor: number;
  currency: string;
  /** Same for every delivery of one refund decision, so the billing system refunds at most once. */
  idempotencyKey: string;
};

export type GatewayOutcome = { status: "succeeded" } | { status: "failed"; failureCode: string };

/**
 * Where dunning and the review queue ask the billing system to retry a charge or refund one.
 * Throws when it gets no usable answer (nothing is counted then).
 */
export interface PaymentGateway {
  retry(request: RetryRequest): Promise<GatewayOutcome>;
  refund(request: RefundRequest): Promise<GatewayOutcome>;
}

const answerSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("succeeded") }),
  z.object({ status: z.literal("failed"), failure_code: z.string().trim().toLowerCase().min(1).max(64) }),
]);

/**
 * The built-in gateway: POSTs retries and refunds to the platform's billing endpoint, signed like the events
 * Steward receives, and reads `{ "status": "succeeded" }` or `{ "status": "failed", "failure_code": "…" }`.
 */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(private readonly options: { url: string; secret?: string; timeoutMs: number }) {}

  retry(request: RetryRequest): Promise<GatewayOutcome> {
    return this.post(request.idempotencyKey, {
      type: "payment.retry",
      payment_id: request.paymentId,
      provider_reference: request.providerReference,
      tenant: request.tenant,
      amount: request.amountMinor,
      currency: request.currency,
      attempt: request.attempt,
      idempotency_key: request.idempotencyKey,
    });
  }

  refund(request: RefundRequest): Promise<GatewayOutcome> {
    return this.post(request.idempotencyKey, {
      type: "payment.refund",
      provider_reference: request.providerReference,
      tenant: request.tenant,
      amount: request.amountMinor,
      currency: request.currency,
      idempotency_key: request.idempotencyKey,
    });
  }

  private async post(idempotencyKey: string, payload: Record<string, unknown>): Promise<GatewayOutcome> {
    const body = JSON.stringify(payload);
    const response = await fetch(this.options.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": idempotencyKey,
        ...(this.options.secret ? signatureHeaders(this.options.secret, body) : {}),
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`The billing endpoint answered ${response.status}`);
    const answer = answerSchema.safeParse(await response.json().catch(() => null));
    if (!answer.success)
      throw new Error("The billing endpoint's answer is not { status: succeeded | failed, failure_code }");
    return answer.data.status === "succeeded"
      ? { status: "succeeded" }
      : { status: "failed", failureCode: answer.data.failure_code };
  }
}

/** The configured gateway, or null when BILLING_WEBHOOK_URL is unset (retries then wait). */
export function paymentGatewayFromEnv(): PaymentGateway | null {
  const { BILLING_WEBHOOK_URL, BILLING_WEBHOOK_SECRET, BILLING_WEBHOOK_TIMEOUT_MS } = env();
  return BILLING_WEBHOOK_URL
    ? new HttpPaymentGateway({
        url: BILLING_WEBHOOK_URL,
        secret: BILLING_WEBHOOK_SECRET,
        timeoutMs: BILLING_WEBHOOK_TIMEOUT_MS,
      })
    : null;
}
