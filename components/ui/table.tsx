import type { ReactNode } from "react";

// The last cell of every row pinned to the table's right edge, over an opaque background and with a
// rule on its left, so a row's buttons stay on screen while the wider columns scroll under them.
const STICKY_ACTIONS = [
  "[&_tr>*:last-child]:sticky [&_tr>*:last-child]:right-0 [&_tr>*:last-child]:z-10",
  "[&_tr>*:last-child]:shadow-[inset_1px_0_0_var(--color-slate-200)]",
  "[&_td:last-child]:bg-white [&_th:last-child]:bg-slate-50",
  "dark:[&_td:last-child]:bg-slate-900 dark:[&_th:last-child]:bg-slate-900",
].join(" ");

/**
 * A data table that scrolls sideways inside its own box, never the page. With `stickyActions` the
 * last column (the row's actions) stays visible however wide the other columns are.
 */
export function Table({
  head,
  children,
  empty,
  stickyActions = false,
}: {
  head: ReactNode;
  children: ReactNode;
  empty?: ReactNode;
  stickyActions?: boolean;
}) {
  return (
    // Focusable, so a keyboard can scroll a table wider than its box.
    <div
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-800 dark:bg-slate-900"
    >
      <table
        className={`min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800 ${stickyActions ? STICKY_ACTIONS : ""}`}
      >
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900/60">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
      </table>
      {empty}
    </div>
  );
}

export const cellClass = "whitespace-nowrap px-4 py-2.5";
export const headCellClass = "px-4 py-2.5";
