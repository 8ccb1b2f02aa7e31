import type { ReactNode } from "react";

// Cells are styled from the table (hundreds of rows: per-cell classes would double the page).
const CELLS =
  "[&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_td]:[overflow-wrap:anywhere] " +
  "[&_tbody_th]:px-3 [&_tbody_th]:py-2 [&_tbody_th]:text-left [&_tbody_th]:align-top [&_tbody_th]:font-mono " +
  "[&_tbody_th]:text-xs [&_tbody_th]:font-medium [&_tbody_th]:[overflow-wrap:anywhere] " +
  "[&_td.muted]:text-slate-600 dark:[&_td.muted]:text-slate-300 [&_td.mono]:font-mono [&_td.mono]:text-xs";

/**
 * A table that fits its column: fixed layout with the given column widths, long words wrap, and
 * anything still too wide scrolls inside the table's own box rather than the page. Rows use plain
 * `<th scope="row">` and `<td>` (classes `muted`, `mono` for faint and code-like cells).
 */
export function ReferenceTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: { label: string; width: string }[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className={`w-full min-w-[36rem] table-fixed text-sm ${CELLS}`}>
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          {columns.map((column) => (
            <col key={column.label} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900/60">
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className="px-3 py-2">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}

/** A cell's notes, one per line. */
export function Notes({ notes, render }: { notes: string[]; render: (note: string) => ReactNode }) {
  return notes.map((note, index) => (
    <span key={index}>
      {index > 0 && <br />}
      {render(note)}
    </span>
  ));
}
