"use client";

import Link from "next/link";
import type { NotificationJson } from "./notifications-api";
import { relativeTime } from "./relative-time";
import { SEVERITY } from "./severity";

type Props = { notification: NotificationJson; now: number; onOpen: () => void; onMarkRead: () => void };

/** One line of the bell's panel; unread ones are tinted and bold and can be marked read on their own. */
export function RecentNotification({ notification: n, now, onOpen, onMarkRead }: Props) {
  const severity = SEVERITY[n.severity];
  return (
    <li
      className={`flex gap-3 px-4 py-3 ${n.read ? "" : "bg-indigo-50/70 dark:bg-indigo-950/40"}`}
      data-testid="recent-notification"
    >
      <span className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${severity.dot}`} aria-hidden />
      <div className="min-w-0 flex-1">
        <p
          className={`text-sm ${n.read ? "text-slate-700 dark:text-slate-300" : "font-semibold text-slate-900 dark:text-slate-100"}`}
        >
          {!n.read && <span className="sr-only">Unread: </span>}
          {n.link ? (
            <Link
              href={n.link}
              onClick={onOpen}
              className="hover:underline focus:outline-none focus-visible:underline focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              {n.title}
            </Link>
          ) : (
            n.title
          )}
        </p>
        <p className="mt-0.5 line-clamp-2 break-words text-xs text-slate-500 dark:text-slate-400">{n.body}</p>
        <p className="mt-1 flex items-center gap-2 text-[11px] text-slate-500">
          <span className={`font-medium ${severity.text}`}>{severity.label}</span>
          <time dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString()}>
            {relativeTime(n.createdAt, now)}
          </time>
          {!n.read && (
            <button
              type="button"
              onClick={onMarkRead}
              className="ml-auto font-medium text-indigo-600 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-indigo-400"
            >
              Mark read<span className="sr-only">: {n.title}</span>
            </button>
          )}
        </p>
      </div>
    </li>
  );
}
