// Tenants for the command palette by name, slug or exact contact email (owners only).
import { sessionRoute } from "@/app/_server/route";
import { parseInput } from "@/lib/validation";
import { quickFindSchema, quickFindTenants } from "@/lib/tenants/quick-find-tenants";

export const GET = sessionRoute(["OWNER"], async (request) => {
  const { q } = parseInput(quickFindSchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ tenants: await quickFindTenants(q) });
});
