import Link from "next/link";
import type { AuditLog } from "@/lib/generated/prisma/client";
import { auditLinkKey, type AuditLink } from "@/lib/audit/entity-links";
import { LocalTime } from "@/components/ui/local-time";

function describeChange(entry: AuditLog): string | null {
  const after = entry.after as Record<string, unknown> | null;
  if (after && typeof after.reason === "string") return `Reason: ${after.reason}`;
  return null;
}

const linkClass = "text-indigo-600 hover:underline dark:text-indigo-400";

function Named({ link, fallback, className }: { link?: AuditLink; fallback: string; className: string }) {
  if (!link) return <span className={className}>{fallback}</span>;
  if (!link.href) return <span className={className}>{link.label}</span>;
  return (
    <Link href={link.href} className={`${className} ${linkClass}`}>
      {link.label}
    </Link>
  );
}

/**
 * Audit entries, newest first, with who did what and when. With `links` (from auditEntityLinks) the
 * record and the person are named and linked instead of shown as ids.
 */
export function AuditList({
  entries,
  showEntity = false,
  links = {},
}: {
  entries: AuditLog[];
  showEntity?: boolean;
  links?: Record<string, AuditLink>;
}) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">No entries.</p>;
  return (
    <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="audit-list">
      {entries.map((entry) => {
        const change = describeChange(entry);
        const actor = entry.actorId ? links[auditLinkKey("user", entry.actorId)] : undefined;
        return (
          <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2.5 text-sm">
            <span className="w-44 shrink-0 tabular-nums text-xs text-slate-500">
              <LocalTime value={entry.createdAt} />
            </span>
            <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">{entry.action}</span>
            <span className="text-slate-700 dark:text-slate-300" title={entry.actorLabel}>
              {actor?.label ?? entry.actorLabel}
            </span>
            {showEntity && entry.entityId && (
              <Named
                link={links[auditLinkKey(entry.entityType, entry.entityId)]}
                fallback={`${entry.entityType} ${entry.entityId}`}
                className="min-w-0 max-w-md truncate text-xs text-slate-500"
              />
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
