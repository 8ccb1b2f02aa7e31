import type { AuditLog } from "@/lib/generated/prisma/client";
import { LocalTime } from "@/components/ui/local-time";

function describeChange(entry: AuditLog): string | null {
  const after = entry.after as Record<string, unknown> | null;
  if (after && typeof after.reason === "string") return `Reason: ${after.reason}`;
  return null;
}

/** Audit entries, newest first, with who did what and when. */
export function AuditList({ entries, showEntity = false }: { entries: AuditLog[]; showEntity?: boolean }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">No entries.</p>;
  return (
    <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="audit-list">
      {entries.map((entry) => {
        const change = describeChange(entry);
        return (
          <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2.5 text-sm">
            <span className="w-44 shrink-0 tabular-nums text-xs text-slate-500">
              <LocalTime value={entry.createdAt} />
            </span>
            <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">{entry.action}</span>
            <span className="text-slate-700 dark:text-slate-300">{entry.actorLabel}</span>
            {showEntity && entry.entityId && (
              <span className="text-xs text-slate-500">
                {entry.entityType} {entry.entityId}
              </span>
            )}
            {change && (
              <span className="basis-full text-slate-600 sm:basis-auto dark:text-slate-400">{change}</span>
            )}
            {entry.ip && <span className="text-xs text-slate-500">{entry.ip}</span>}
          </li>
        );
      })}
    </ol>
  );
}
