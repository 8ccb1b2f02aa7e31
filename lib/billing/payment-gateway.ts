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

export type RetryOutcome = { status: "succeeded" } | { status: "failed"; failureCode: string };

/** Where dunning asks for a charge to be retried. Throws when it gets no usable answer (nothing is counted then). */
export interface PaymentGateway {
  retry(request: RetryRequest): Promise<RetryOutcome>;
}

const answerSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("succeeded") }),
  z.object({ status: z.literal("failed"), failure_code: z.string().trim().toLowerCase().min(1).max(64) }),
]);

/**
 * The built-in gateway: POSTs the retry to the platform's billing endpoint, signed like the events
 * Steward receives, and reads `{ "status": "succeeded" }` or `{ "status": "failed", "failure_code": "…" }`.
 */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(private readonly options: { url: string; secret?: string; timeoutMs: number }) {}

  async retry(request: RetryRequest): Promise<RetryOutcome> {
    const body = JSON.stringify({
      type: "payment.retry",
      payment_id: request.paymentId,
      provider_reference: request.providerReference,
      tenant: request.tenant,
      amount: request.amountMinor,
      currency: request.currency,
      attempt: request.attempt,
      idempotency_key: request.idempotencyKey,
    });
    const response = await fetch(this.options.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": request.idempotencyKey,
        ...(this.options.secret ? signatureHeaders(this.options.secret, body) : {}),
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`The billing endpoint answered ${response.status}`);
    const answer = answerSchema.safeParse(await response.json().catch(() => null));
    if (!answer.success) throw new Error("The billing endpoint's answer is not { status: succeeded | failed, failure_code }");
    return answer.data.status === "succeeded" ? { status: "succeeded" } : { status: "failed", failureCode: answer.data.failure_code };
  }
}

/** The configured gateway, or null when BILLING_WEBHOOK_URL is unset (retries then wait). */
export function paymentGatewayFromEnv(): PaymentGateway | null {
  const { BILLING_WEBHOOK_URL, BILLING_WEBHOOK_SECRET, BILLING_WEBHOOK_TIMEOUT_MS } = env();
  return BILLING_WEBHOOK_URL ? new HttpPaymentGateway({ url: BILLING_WEBHOOK_URL, secret: BILLING_WEBHOOK_SECRET, timeoutMs: BILLING_WEBHOOK_TIMEOUT_MS }) : null;
}
