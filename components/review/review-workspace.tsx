"use client";

import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { QueueCounts, ReviewItemPage } from "@/lib/review/queries/review-items";
import type { ReviewFilters } from "@/lib/review/schemas";
import { AWAITING_REVIEW } from "@/lib/review/statuses";
import type { Jsonified } from "@/lib/jsonified";
import { StatCard } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { DecisionDialog, type Verdict } from "./decision-dialog";
import { ReviewDetail, type ItemDetail } from "./review-detail";
import { ReviewQueueList } from "./review-queue-list";
import type { ReviewWorkspaceActions } from "./review-actions";
import { useClaim, type ClaimState } from "./use-claim";

export type QueueData = Jsonified<{ counts: QueueCounts; page: ReviewItemPage }>;
type Viewer = { id: string; role: "OWNER" | "REVIEWER" };

const QUEUE_REFRESH_MS = 20_000;
/** While an approved action waits for the worker, its outcome is looked for this often. */
const EXECUTION_POLL_MS = 2_000;
/** Otherwise the open item is refreshed as often as the queue (someone may decide or reopen it). */
const ITEM_REFRESH_MS = 20_000;

/** The filters as query parameters, shared by the refresh and the page links. */
function filterParams(filters: ReviewFilters): Record<string, string | undefined> {
  return {
    kind: filters.kind,
    status: filters.status,
    engine: filters.engine,
    band: filters.band,
    overdue: filters.overdue ? "true" : undefined,
  };
}

async function fetchQueue(filters: ReviewFilters): Promise<QueueData> {
  const params = new URLSearchParams(
    Object.entries({ ...filterParams(filters), page: String(filters.page) }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  );
  const response = await fetch(`/api/review/items?${params}`);
  if (!response.ok) throw new Error(`The queue failed to load (${response.status})`);
  return response.json();
}

async function fetchItem(id: string): Promise<ItemDetail> {
  const response = await fetch(`/api/review/items/${encodeURIComponent(id)}`);
  if (!response.ok)
    throw new Error(
      response.status === 404 ? "This item does not exist." : `The item failed to load (${response.status})`,
    );
  return response.json();
}

const time = (at: Date) => at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** Why this person cannot decide the item now, or null when they can. */
function readOnlyReason(item: ItemDetail, viewer: Viewer, claim: ClaimState): string | null {
  if (item.status === "pending") return "The decision engine has not recommended anything yet.";
  if (!AWAITING_REVIEW.includes(item.status))
    return viewer.role === "OWNER"
      ? "Decided; reopen it below to decide again."
      : "Decided; only an owner can reopen it.";
  if (item.status === "escalated" && viewer.role !== "OWNER") return "Escalated: an owner decides this item.";
  if (claim.status === "theirs")
    return `${claim.by} has this item open until ${time(claim.until)}; it is read-only for you until they move on.`;
  if (claim.status === "error") return claim.message;
  if (claim.status !== "mine") return "Opening the item…";
  return null;
}

function ClaimNote({ item, claim }: { item: ItemDetail; claim: ClaimState }) {
  if (claim.status === "mine")
    return <p>You have this item open until {time(claim.until)}; nobody else can decide it meanwhile.</p>;
  if (claim.status === "theirs") return <p className="font-medium">Open by {claim.by}.</p>;
  if (item.status === "escalated") return <p className="font-medium">Escalated for an owner.</p>;
  return null;
}

/**
 * The reviewer's workspace: the queue (refreshed every 20 s) beside the selected item. Keyboard:
 * j/k (or the arrow keys in the list) move, a approves, r rejects, m modifies, each through a
 * confirmation dialog. The selected item is claimed while it is open. `children` (the filter form)
 * sits above the queue.
 */
export function ReviewWorkspace({
  initial,
  filters,
  viewer,
  initialItemId,
  actions,
  children,
}: {
  initial: QueueData;
  filters: ReviewFilters;
  viewer: Viewer;
  initialItemId: string | null;
  actions: ReviewWorkspaceActions;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const { data, error } = useQuery({
    queryKey: ["review-items", filters],
    queryFn: () => fetchQueue(filters),
    initialData: initial,
    refetchInterval: QUEUE_REFRESH_MS,
  });
  const rows = data.page.rows;
  const [selectedId, setSelectedId] = useState<string | null>(initialItemId ?? rows[0]?.id ?? null);
  const [dialog, setDialog] = useState<Verdict | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  // Where the selection was in the list, so j/k continue from there once a decided item has left it.
  const lastIndex = useRef(0);
  const index = rows.findIndex((row) => row.id === selectedId);
  useEffect(() => {
    if (index >= 0) lastIndex.current = index;
  }, [index]);

  const detailQuery = useQuery({
    queryKey: ["review-item", selectedId],
    queryFn: () => fetchItem(selectedId!),
    enabled: selectedId !== null,
    refetchInterval: (query) =>
      query.state.data?.decisions.some(
        (d) => d.executionStatus === "queued" || d.executionStatus === "running",
      )
        ? EXECUTION_POLL_MS
        : ITEM_REFRESH_MS,
  });
  const item = detailQuery.data?.id === selectedId ? detailQuery.data : undefined;
  const claimable =
    item !== undefined &&
    AWAITING_REVIEW.includes(item.status) &&
    (item.status !== "escalated" || viewer.role === "OWNER");
  const claim = useClaim(claimable ? item.id : null, actions);
  const readOnly = item ? readOnlyReason(item, viewer, claim) : "Loading the item…";
  // A refused claim usually means the item changed (someone decided it): show it as it is now.
  const claimRefused = claim.status === "error";
  useEffect(() => {
    if (claimRefused) void queryClient.invalidateQueries({ queryKey: ["review-item", selectedId] });
  }, [claimRefused, selectedId, queryClient]);

  const select = useCallback((id: string) => {
    setSelectedId(id);
    setMessage(null);
    // Keeps the selection in the address, so a reload or a shared link opens the same item.
    const url = new URL(window.location.href);
    url.searchParams.set("item", id);
    window.history.replaceState(null, "", url);
  }, []);

  const move = useCallback(
    (delta: number) => {
      if (rows.length === 0) return;
      // A decided item leaves the list: the next one is the row that took its place.
      const from = index >= 0 ? index + delta : delta > 0 ? lastIndex.current : lastIndex.current - 1;
      select(rows[Math.min(rows.length - 1, Math.max(0, from))].id);
    },
    [rows, index, select],
  );

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ["review-items"] });
    void queryClient.invalidateQueries({ queryKey: ["review-item"] });
  }, [queryClient]);

  const openDialog = useCallback(
    (verdict: Verdict) => {
      if (!item) return;
      if (readOnly) return setMessage(readOnly);
      setMessage(null);
      setDialog(verdict);
    },
    [item, readOnly],
  );

  // The queue takes the focus back once the dialog is gone (while it is open, the rest of the page is inert).
  const refocus = useRef(false);
  const closeDialog = (result: string | null) => {
    setDialog(null);
    if (result) {
      setMessage(result);
      refresh();
    }
    refocus.current = true;
  };
  useEffect(() => {
    if (dialog || !refocus.current) return;
    refocus.current = false;
    list.current?.focus();
  }, [dialog]);

  useEffect(() => list.current?.focus(), []);
  useEffect(() => {
    if (selectedId)
      document.getElementById(`review-option-${selectedId}`)?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);

  // The shortcuts work anywhere on the page except while typing or in the dialog.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (dialog || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if ((event.target as HTMLElement).closest("input, textarea, select, [contenteditable='true'], dialog"))
        return;
      const actions: Record<string, () => void> = {
        j: () => move(1),
        k: () => move(-1),
        a: () => openDialog("approve"),
        r: () => openDialog("reject"),
        m: () => openDialog("modify"),
      };
      const act = actions[event.key];
      if (!act) return;
      // Also keeps the key from being typed into the dialog's note, which takes the focus at once.
      event.preventDefault();
      act();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [dialog, move, openDialog]);

  function onListKeyDown(event: ReactKeyboardEvent<HTMLUListElement>) {
    const moves: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => rows[0] && select(rows[0].id),
      End: () => rows.length > 0 && select(rows[rows.length - 1].id),
    };
    if (!moves[event.key]) return;
    event.preventDefault();
    moves[event.key]();
  }

  const { counts, page } = data;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div data-testid="count-awaiting">
          <StatCard label="Waiting for a person" value={counts.awaiting.toLocaleString("en")} />
        </div>
        <div data-testid="count-escalated">
          <StatCard label="Escalated to an owner" value={counts.escalated.toLocaleString("en")} />
        </div>
        <div data-testid="count-overdue">
          <StatCard label="Past their SLA" value={counts.overdue.toLocaleString("en")} />
        </div>
        <div data-testid="count-pending">
          <StatCard label="Waiting for the engine" value={counts.pending.toLocaleString("en")} />
        </div>
      </div>
      <div className="mt-6">{children}</div>
      {error && (
        <p role="alert" className="mb-3 text-sm text-rose-600">
          {error.message}; showing the last list.
        </p>
      )}
      <p className="mb-3 text-xs text-slate-500">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> approve · <kbd>r</kbd> reject ·{" "}
        <kbd>m</kbd> modify · <kbd>Enter</kbd> confirms · <kbd>Esc</kbd> cancels
      </p>
      <div className="grid items-start gap-6 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <ReviewQueueList
            ref={list}
            rows={page.rows}
            selectedId={selectedId}
            onSelect={select}
            onKeyDown={onListKeyDown}
          />
          <Pagination
            basePath="/review"
            page={page.page}
            pageCount={page.pageCount}
            total={page.total}
            params={filterParams(filters)}
          />
        </div>
        <section
          aria-label="Selected item"
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm lg:sticky lg:top-4 lg:col-span-3 dark:border-slate-800 dark:bg-slate-900"
        >
          <p
            role="status"
            aria-live="polite"
            className="mb-3 text-sm font-medium text-indigo-700 empty:hidden dark:text-indigo-300"
            data-testid="review-message"
          >
            {message}
          </p>
          {selectedId === null && (
            <p className="text-sm text-slate-500">Nothing selected. The queue is empty with these filters.</p>
          )}
          {selectedId !== null &&
            !item &&
            (detailQuery.error ? (
              <p role="alert" className="text-sm text-rose-600">
                {detailQuery.error.message}
              </p>
            ) : (
              <p className="text-sm text-slate-500">Loading the item…</p>
            ))}
          {item && (
            <ReviewDetail
              item={item}
              owner={viewer.role === "OWNER"}
              readOnly={readOnly}
              claimNote={<ClaimNote item={item} claim={claim} />}
              onDecide={openDialog}
              reopen={actions.reopen}
              onReopened={refresh}
            />
          )}
        </section>
      </div>
      {dialog && item && (
        <DecisionDialog
          verdict={dialog}
          item={{
            id: item.id,
            summary: item.summary,
            recommendedAction: item.recommendation?.action ?? null,
            allowedActions: item.allowedActions,
          }}
          onCancel={() => closeDialog(null)}
          onDecided={(result) => closeDialog(result)}
          decide={actions.decide}
        />
      )}
    </>
  );
}
