import type { TrialDetail } from "@/lib/billing/queries";
import { LocalTime } from "@/components/ui/local-time";

/** A trial's billing timeline, newest first: what happened, who did it, when. */
export function TrialTimeline({ entries }: { entries: TrialDetail["timeline"] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">Nothing has happened yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="trial-timeline">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2.5 text-sm">
          <span className="w-44 shrink-0 tabular-nums text-xs text-slate-500">
            <LocalTime value={entry.createdAt} />
          </span>
          <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">{entry.kind}</span>
          <span className="text-slate-800 dark:text-slate-200">{entry.summary}</span>
          <span className="text-xs text-slate-500">{entry.actorLabel}</span>
        </li>
      ))}
    </ol>
  );
}
