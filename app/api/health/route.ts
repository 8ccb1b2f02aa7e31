// Liveness: the process answers. Dependencies are checked by /api/health/ready.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
