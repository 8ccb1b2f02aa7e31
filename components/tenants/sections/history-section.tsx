import { listAuditEntries } from "@/lib/audit/queries";
import { Card } from "@/components/ui/card";
import { AuditList } from "@/components/audit/audit-list";

/** The tenant's audit history, newest first. */
export async function HistorySection({ tenantId }: { tenantId: string }) {
  const history = await listAuditEntries({ entityType: "tenant", entityId: tenantId, page: 1, pageSize: 20 });
  return (
    <Card title="History">
      <AuditList entries={history.rows} />
    </Card>
  );
}
