// Readiness: Postgres and Redis answer within a short timeout; 503 names the one that did not.
import { checkReadiness } from "@/lib/health/check-readiness";
import { startRequestTimer } from "@/lib/observability/http-metrics";

export const dynamic = "force-dynamic";

export async function GET() {
  const done = startRequestTimer("/api/health/ready", "GET");
  const readiness = await checkReadiness();
  return done(Response.json({ status: readiness.ready ? "ready" : "unavailable", checks: readiness.checks }, { status: readiness.ready ? 200 : 503 }));
}
