// One CSV import's progress, polled by its page until it finishes (owners only).
import { lastPathSegment } from "@/app/_server/last-path-segment";
import { sessionRoute } from "@/app/_server/route";
import { tenantImportRefSchema } from "@/lib/tenants/csv-import-schemas";
import { getTenantImportProgress } from "@/lib/tenants/tenant-import-queries";
import { parseInput } from "@/lib/validation";

export const GET = sessionRoute(["OWNER"], async (request) => {
  const { id } = parseInput(tenantImportRefSchema, { id: lastPathSegment(request) });
  return Response.json(await getTenantImportProgress(id));
});
