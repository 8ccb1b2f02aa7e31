import { listTenantReviewItems } from "@/lib/review/queries/tenant-items";
import { Card } from "@/components/ui/card";
import { TenantReviewItems } from "@/components/tenants/tenant-review-items";

/** The tenant's latest review items, open ones first, each opening in the review queue. */
export async function ReviewSection({ tenantId }: { tenantId: string }) {
  const items = await listTenantReviewItems(tenantId);
  return (
    <Card title="Review items">
      {items.length ? (
        <TenantReviewItems items={items} />
      ) : (
        <p className="text-sm text-slate-500">No review items.</p>
      )}
    </Card>
  );
}
