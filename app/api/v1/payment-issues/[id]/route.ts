// GET /api/v1/payment-issues/:id: a payment issue's routing, recommendation, decision and execution (API key with payment-issues:read).
import { lastPathSegment } from "@/app/_server/last-path-segment";
import { apiKeyRoute } from "@/app/_server/route";
import { getPaymentIssue, paymentIssueIdSchema } from "@/lib/review/intake/payment-issues";
import { parseInput } from "@/lib/validation";

export const GET = apiKeyRoute("payment-issues:read", async (request) => {
  const { id } = parseInput(paymentIssueIdSchema, { id: lastPathSegment(request) });
  return Response.json(await getPaymentIssue(id));
});
