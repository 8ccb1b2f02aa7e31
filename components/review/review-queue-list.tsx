"use client";

import type { KeyboardEvent, Ref } from "react";
import type { ReviewItemRow } from "@/lib/review/queries/review-items";
import { ACTION_LABELS } from "@/lib/review/action-labels";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { Jsonified } from "@/lib/jsonified";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { ENGINE_LABELS, OverdueBadge, ReviewStatusBadge } from "./labels";

/**
 * The queue as a listbox: one option per item, the selected one marked. It takes the focus, so the
 * arrow keys move too and a screen reader announces the selected item.
 */
export function ReviewQueueList({
  ref,
  rows,
  selectedId,
  onSelect,
  onKeyDown,
}: {
  ref: Ref<HTMLUListElement>;
  rows: Jsonified<ReviewItemRow>[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLUListElement>) => void;
}) {
  const selected = rows.some((row) => row.id === selectedId) ? selectedId : null;
  if (rows.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">
        Nothing waits for a decision with these filters.
      </p>
    );
  }
  return (
    <ul
      ref={ref}
      role="listbox"
      aria-label="Review queue"
      tabIndex={0}
      aria-activedescendant={selected ? `review-option-${selected}` : undefined}
      onKeyDown={onKeyDown}
      className="max-h-[70vh] divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
    >
      {rows.map((row) => (
        <li
          key={row.id}
          id={`review-option-${row.id}`}
          role="option"
          aria-selected={row.id === selected}
          data-testid="review-row"
          onClick={() => onSelect(row.id)}
          className="cursor-pointer border-l-4 border-transparent px-4 py-3 text-sm hover:bg-slate-50 aria-selected:border-indigo-600 aria-selected:bg-indigo-50 dark:hover:bg-slate-800/50 dark:aria-selected:bg-indigo-950"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{REVIEW_KINDS[row.kind].label}</span>
            <ReviewStatusBadge status={row.status} />
            {row.overdue && <OverdueBadge />}
            {row.claim && (
              <Badge tone={row.claim.mine ? "blue" : "gray"}>
                {row.claim.mine ? "open by you" : `open by ${row.claim.by}`}
              </Badge>
            )}
          </div>
          <p className="mt-1 truncate text-slate-700 dark:text-slate-300">{row.tenant.name}</p>
          <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
            {row.recommendedAction
              ? `${ACTION_LABELS[row.recommendedAction]} · ${row.confidence} · ${row.engine ? ENGINE_LABELS[row.engine] : "?"}`
              : "No recommendation yet"}{" "}
            · due <LocalTime value={row.dueAt} />
          </p>
        </li>
      ))}
    </ul>
  );
}
