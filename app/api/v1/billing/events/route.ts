// POST /api/v1/billing/events: the billing system reports trials, payments and cancellations (API key with billing:write).
import { apiKeyRoute } from "@/app/_server/route";
import { parseJson, readBodyText } from "@/app/_server/read-json-body";
import { env } from "@/lib/env";
import { recordBillingEvent } from "@/lib/billing/record-billing-event";
import { billingEventSchema } from "@/lib/billing/schemas";
import { checkBillingEventSignature } from "@/lib/billing/signature";
import { parseInput } from "@/lib/validation";

export const POST = apiKeyRoute("billing:write", async (request, actor) => {
  const body = await readBodyText(request);
  const settings = { secret: env().BILLING_EVENTS_SECRET, acceptUnsigned: env().BILLING_EVENTS_UNSIGNED };
  checkBillingEventSignature(settings, body, (name) => request.headers.get(name));
  const event = parseInput(billingEventSchema, parseJson(body));
  const { replayed, result } = await recordBillingEvent(actor, event);
  return Response.json(
    { idempotency_key: event.idempotency_key, type: event.type, replayed, result },
    { headers: replayed ? { "idempotent-replayed": "true" } : {} },
  );
});
