import Link from "next/link";
import type { NotificationItem } from "@/lib/notifications/queries";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { MarkReadButton } from "./mark-read-button";
import { SEVERITY } from "./severity";

/** The notification center's rows, newest first; unread ones are tinted and can be marked read. */
export function NotificationList({ notifications }: { notifications: NotificationItem[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      {notifications.length === 0 && (
        <p className="p-8 text-center text-sm text-slate-500">No notifications match.</p>
      )}
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="notification-list">
        {notifications.map((n) => (
          <li
            key={n.id}
            className={`flex flex-wrap items-start gap-x-4 gap-y-2 px-5 py-3.5 ${n.read ? "" : "bg-indigo-50/70 dark:bg-indigo-950/40"}`}
          >
            <span className="w-20 shrink-0 pt-0.5">
              <Badge tone={SEVERITY[n.severity].tone}>{SEVERITY[n.severity].label}</Badge>
            </span>
            <div className="min-w-0 flex-1 basis-64">
              <p
                className={`text-sm ${n.read ? "text-slate-700 dark:text-slate-300" : "font-semibold text-slate-900 dark:text-slate-100"}`}
              >
                {!n.read && <span className="sr-only">Unread: </span>}
                {n.link ? (
                  <Link href={n.link} className="hover:underline">
                    {n.title}
                  </Link>
                ) : (
                  n.title
                )}
              </p>
              <p className="mt-0.5 break-words text-sm text-slate-600 dark:text-slate-400">{n.body}</p>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                <LocalTime value={n.createdAt} />
              </p>
            </div>
            {!n.read && (
              <MarkReadButton input={{ id: n.id }}>
                Mark read<span className="sr-only">: {n.title}</span>
              </MarkReadButton>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
