// GET /api/rate-limits/:tenantId/traffic?range=hour|week: the tenant page's chart, polled (owners only).
import { z } from "zod";
import { sessionRoute } from "@/app/_server/route";
import { parseInput } from "@/lib/validation";
import { tenantTraffic } from "@/lib/rate-limits/queries";
import { getTenantOrThrow } from "@/lib/tenants/queries";

const params = z.object({ tenantId: z.string().min(1).max(64) });
const query = z.object({
  range: z.enum(["hour", "week"], { error: "range is hour or week" }).default("hour"),
});

export const GET = sessionRoute(
  ["OWNER"],
  async (request, _actor, { tenantId }) => {
    const { range } = parseInput(query, Object.fromEntries(new URL(request.url).searchParams));
    await getTenantOrThrow(tenantId);
    return Response.json(await tenantTraffic(tenantId, range));
  },
  { params: params },
);
