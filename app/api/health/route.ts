// Liveness: the process answers. Dependencies are checked by /api/health/ready.
import { startRequestTimer } from "@/lib/observability/http-metrics";

export const dynamic = "force-dynamic";

export function GET() {
  const done = startRequestTimer("/api/health", "GET");
  return done(Response.json({ status: "ok" }));
}
