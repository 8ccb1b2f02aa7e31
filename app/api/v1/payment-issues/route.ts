// POST /api/v1/payment-issues: the platform reports a decline, missed installment, dispute or refund request for review (API key with payment-issues:write).
import { apiKeyRoute } from "@/app/_server/route";
import { readJsonBody } from "@/app/_server/read-json-body";
import { paymentIssueRequestSchema, recordPaymentIssue } from "@/lib/review/intake/payment-issues";
import { parseInput } from "@/lib/validation";

export const POST = apiKeyRoute("payment-issues:write", async (request, actor) => {
  const issue = parseInput(paymentIssueRequestSchema, await readJsonBody(request));
  const { replayed, issue: view } = await recordPaymentIssue(actor, issue);
  // 202: recorded, decided later by the worker; a replay answers the issue as it is now.
  return Response.json(
    { ...view, replayed },
    { status: replayed ? 200 : 202, headers: replayed ? { "idempotent-replayed": "true" } : {} },
  );
});
