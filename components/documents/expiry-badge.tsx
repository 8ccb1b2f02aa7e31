import { Badge } from "@/components/ui/badge";
import type { DocumentSummary } from "@/lib/documents/queries";

/**
 * Where a document stands: replaced by a renewal, expired (also when past its day before the daily
 * check marked it), amber once within `warnWithin` days (the largest warning offset), else valid.
 */
export function ExpiryBadge({
  document: { status, daysLeft },
  warnWithin,
}: {
  document: Pick<DocumentSummary, "status" | "daysLeft">;
  warnWithin: number;
}) {
  if (status === "replaced") return <Badge>replaced</Badge>;
  if (status === "expired" || daysLeft < 0) return <Badge tone="red">expired</Badge>;
  if (daysLeft > warnWithin) return <Badge tone="green">valid</Badge>;
  return (
    <Badge tone="amber">
      {daysLeft === 0 ? "expires today" : `expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`}
    </Badge>
  );
}
