import { Badge, type Tone } from "@/components/ui/badge";
import type { TenantImportProgress } from "@/lib/tenants/csv-import-schemas";

const tones: Record<TenantImportProgress["status"], Tone> = {
  queued: "gray",
  running: "blue",
  succeeded: "green",
  failed: "red",
};

export function ImportStatusBadge({ status }: { status: TenantImportProgress["status"] }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
