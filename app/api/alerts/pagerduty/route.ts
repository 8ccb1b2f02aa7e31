// PagerDuty's v3 webhook: an incident acknowledged or resolved there acknowledges or resolves its
// alert here. No session: the X-PagerDuty-Signature over the raw body is the permission.
import { readBodyText } from "@/app/_server/read-json-body";
import { handlePagerDutyWebhook } from "@/lib/alerts/pagerduty-webhook";
import { errorResponseBody } from "@/lib/error-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const raw = await readBodyText(request);
    return Response.json(await handlePagerDutyWebhook(raw, request.headers.get("x-pagerduty-signature")));
  } catch (error) {
    const { status, body } = errorResponseBody(error, { path: "/api/alerts/pagerduty" });
    return Response.json(body, { status });
  }
}
