import type { AuditLog } from "@/lib/generated/prisma/client";

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
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2.5 text-sm">
          <time className="w-40 shrink-0 tabular-nums text-xs text-slate-500" dateTime={entry.createdAt.toISOString()}>
            {entry.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
          </time>
          <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">{entry.action}</span>
          <span className="text-slate-700 dark:text-slate-300">{entry.actorLabel}</span>
          {showEntity && entry.entityId && (
            <span className="text-xs text-slate-500">
              {entry.entityType} {entry.entityId}
            </span>
          )}
          {describeChange(entry) && <span className="basis-full pl-0 text-slate-600 sm:basis-auto dark:text-slate-400">{describeChange(entry)}</span>}
          {entry.ip && <span className="text-xs text-slate-400">{entry.ip}</span>}
        </li>
      ))}
    </ol>
  );
}
