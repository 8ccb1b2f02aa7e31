import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { ReviewEngine, ReviewItemKind, ReviewItemStatus } from "@/lib/generated/prisma/enums";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import { listReviewItems, reviewQueueCounts } from "@/lib/review/queries/review-items";
import { reviewFiltersSchema } from "@/lib/review/schemas";
import { getReviewSettings } from "@/lib/review/intake/settings";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { ReviewTabs } from "@/components/review/review-tabs";
import { ENGINE_LABELS, statusLabel } from "@/components/review/labels";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { claimReviewItem, decideReviewItem, releaseReviewItem, reopenReviewItem } from "./actions";

export const metadata = { title: "Review queue" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const actor = await requirePageActor(["OWNER", "REVIEWER"]);
  const { values: filters, text } = parsePageSearchParams(reviewFiltersSchema, await searchParams);
  // An item to open, e.g. from an escalation notification; an unknown id shows "does not exist" in the pane.
  const itemId = text.item && /^[A-Za-z0-9_-]{1,64}$/.test(text.item) ? text.item : null;
  const settings = await getReviewSettings();
  const now = new Date();
  const [counts, page] = await Promise.all([
    reviewQueueCounts(now),
    listReviewItems(filters, settings, actor, now),
  ]);

  return (
    <>
      <PageHeader
        title="Review queue"
        description="Recommendations of the decision engine waiting for a person, the most urgent first"
      />
      <ReviewTabs current="queue" owner={actor.role === "OWNER"} />
      <ReviewWorkspace
        initial={JSON.parse(JSON.stringify({ counts, page }))}
        filters={filters}
        viewer={{ id: actor.id!, role: actor.role === "OWNER" ? "OWNER" : "REVIEWER" }}
        initialItemId={itemId}
        actions={{
          claim: claimReviewItem,
          release: releaseReviewItem,
          decide: decideReviewItem,
          reopen: reopenReviewItem,
        }}
      >
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter the queue">
          <select
            name="kind"
            defaultValue={filters.kind ?? ""}
            aria-label="Type"
            className={`${inputBaseClass} w-52`}
          >
            <option value="">All types</option>
            {Object.values(ReviewItemKind).map((kind) => (
              <option key={kind} value={kind}>
                {REVIEW_KINDS[kind].label}
              </option>
            ))}
          </select>
          <select
            name="status"
            defaultValue={filters.status ?? ""}
            aria-label="Status"
            className={`${inputBaseClass} w-52`}
          >
            <option value="">Waiting for a person</option>
            <option value="open">Open (engine or person)</option>
            <option value="decided">Decided</option>
            {Object.values(ReviewItemStatus).map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
          <select
            name="engine"
            defaultValue={filters.engine ?? ""}
            aria-label="Engine"
            className={`${inputBaseClass} w-36`}
          >
            <option value="">Any engine</option>
            {Object.values(ReviewEngine).map((engine) => (
              <option key={engine} value={engine}>
                {ENGINE_LABELS[engine]}
              </option>
            ))}
          </select>
          <select
            name="band"
            defaultValue={filters.band ?? ""}
            aria-label="Confidence"
            className={`${inputBaseClass} w-56`}
          >
            <option value="">Any confidence</option>
            <option value="auto">Auto-execute (≥ {settings.autoExecuteAt})</option>
            <option value="review">
              Review ({settings.reviewAt}–{settings.autoExecuteAt - 1})
            </option>
            <option value="escalate">Escalate (&lt; {settings.reviewAt})</option>
          </select>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="overdue" value="true" defaultChecked={filters.overdue} /> Past SLA
            only
          </label>
          <button className={buttonClass("secondary")}>Apply</button>
        </form>
      </ReviewWorkspace>
    </>
  );
}
