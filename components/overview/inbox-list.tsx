import Link from "next/link";
import type { InboxRow } from "@/lib/overview/inbox";

/** The owner's inbox: one row per kind of item waiting for a person, or "all clear". */
export function InboxList({ rows }: { rows: InboxRow[] }) {
  if (rows.length === 0)
    return (
      <p data-testid="inbox-all-clear" className="text-sm text-emerald-700 dark:text-emerald-400">
        All clear: nothing needs you right now.
      </p>
    );
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="inbox">
      {rows.map((row) => (
        <li key={row.key} data-testid={`inbox-${row.key}`}>
          <Link
            href={row.href}
            className="flex items-center justify-between gap-4 py-2.5 text-sm hover:bg-slate-50 dark:hover:bg-slate-800/50"
          >
            <span>{row.label}</span>
            <span
              data-testid="inbox-count"
              className="min-w-10 rounded-full bg-amber-100 px-2 py-0.5 text-center font-semibold tabular-nums text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
            >
              {row.count.toLocaleString("en")}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
