import type { AuditLog } from "@/lib/generated/prisma/client";
import { LocalTime } from "@/components/ui/local-time";

const ACTIONS: Record<string, string> = {
  "anomaly.acknowledged": "Acknowledged",
  "anomaly.reassigned": "Assignment changed",
  "anomaly.resolved": "Resolved",
  "anomaly.false_positive": "Marked a false positive",
};

/** What changed in one entry, in words: the assignee and the note, when they changed. */
function describe(entry: AuditLog, emails: Map<string, string>): string[] {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  if ("assigneeId" in after && after.assigneeId !== before.assigneeId) {
    lines.push(
      typeof after.assigneeId === "string"
        ? `Assigned to ${emails.get(after.assigneeId) ?? "a removed user"}`
        : "Unassigned",
    );
  }
  if (typeof after.note === "string" && after.note !== before.note) lines.push(`Note: ${after.note}`);
  return lines;
}

/**
 * The anomaly's audit entries, newest first. The audit log's generic list shows only reasons;
 * here the assignee and the note are what people need to follow the case.
 */
export function AnomalyHistory({ entries, emails }: { entries: AuditLog[]; emails: Map<string, string> }) {
  if (entries.length === 0)
    return <p className="text-sm text-slate-500">Nobody has acted on this anomaly yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="anomaly-history">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2.5 text-sm">
          <span className="w-44 shrink-0 text-xs tabular-nums text-slate-500">
            <LocalTime value={entry.createdAt} />
          </span>
          <span>
            <span className="font-medium">{ACTIONS[entry.action] ?? entry.action}</span>{" "}
            <span className="text-slate-600 dark:text-slate-400">by {entry.actorLabel}</span>
          </span>
          {describe(entry, emails).map((line) => (
            <span key={line} className="basis-full pl-0 text-slate-600 sm:pl-47 dark:text-slate-400">
              {line}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}
