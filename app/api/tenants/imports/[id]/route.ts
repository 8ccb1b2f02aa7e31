// One CSV import's progress, polled by its page until it finishes (owners only).
import { sessionRoute } from "@/app/_server/route";
import { tenantImportRefSchema } from "@/lib/tenants/csv-import-schemas";
import { getTenantImportProgress } from "@/lib/tenants/tenant-import-queries";

export const GET = sessionRoute(
  ["OWNER"],
  async (_request, _actor, { id }) => {
    return Response.json(await getTenantImportProgress(id));
  },
  { params: tenantImportRefSchema },
);
