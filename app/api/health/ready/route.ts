// Readiness: 200 ready, 200 degraded (Redis down, see check-readiness), 503 when Postgres does not answer.
import { checkReadiness } from "@/lib/health/check-readiness";
import { startRequestTimer } from "@/lib/observability/http-metrics";

export const dynamic = "force-dynamic";

export async function GET() {
  const done = startRequestTimer("/api/health/ready", "GET");
  const readiness = await checkReadiness();
  return done(Response.json(readiness, { status: readiness.status === "unavailable" ? 503 : 200 }));
}
