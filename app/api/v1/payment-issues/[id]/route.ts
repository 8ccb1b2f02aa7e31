// GET /api/v1/payment-issues/:id: a payment issue's routing, recommendation, decision and execution (API key with payment-issues:read).
import { apiKeyRoute } from "@/app/_server/route";
import { getPaymentIssue, paymentIssueIdSchema } from "@/lib/review/intake/payment-issues";

export const GET = apiKeyRoute(
  "payment-issues:read",
  async (_request, _actor, { id }) => {
    return Response.json(await getPaymentIssue(id));
  },
  { params: paymentIssueIdSchema },
);
