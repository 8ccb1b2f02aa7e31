// GET /api/v1/payment-issues/:id: a payment issue's routing, recommendation, decision and execution (API key with payment-issues:read).
import { apiKeyRoute } from "@/app/_server/route";
import { getPaymentIssue, paymentIssueIdSchema } from "@/lib/review/payment-issues";
import { parseInput } from "@/lib/validation";

function lastSegment(request: Request): string {
  const segment = new URL(request.url).pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // Malformed escapes name no issue: a 404, not a 500.
  }
}

export const GET = apiKeyRoute("payment-issues:read", async (request) => {
  const { id } = parseInput(paymentIssueIdSchema, { id: lastSegment(request) });
  return Response.json(await getPaymentIssue(id));
});
