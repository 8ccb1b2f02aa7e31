import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { ACTION_LABELS } from "@/lib/review/action-labels";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import { OPEN_STATUSES } from "@/lib/review/statuses";
import type { listTenantReviewItems } from "@/lib/review/queries/tenant-items";

type Item = Awaited<ReturnType<typeof listTenantReviewItems>>[number];

/** A tenant's review items, each leading to the review queue; open ones marked amber. */
export function TenantReviewItems({ items }: { items: Item[] }) {
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {items.map((item) => (
        <li
          key={item.id}
          className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2"
          data-testid="tenant-review-item"
        >
          <Badge tone={OPEN_STATUSES.includes(item.status) ? "amber" : "gray"}>
            {item.status.replace("_", " ")}
          </Badge>
          <Link href={`/review?item=${item.id}`} className="font-medium hover:underline">
            {REVIEW_KINDS[item.kind].label}
          </Link>
          {item.recommendedAction && (
            <span className="text-slate-500">
              recommended: {ACTION_LABELS[item.recommendedAction].toLowerCase()} ({item.confidence})
            </span>
          )}
          <span className="ml-auto text-xs text-slate-500">
            <LocalTime value={item.createdAt} />
          </span>
          <p className="basis-full text-xs text-slate-500">{item.summary}</p>
        </li>
      ))}
    </ul>
  );
}
