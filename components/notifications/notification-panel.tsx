"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { RecentNotifications } from "./notifications-api";
import { RecentNotification } from "./recent-notification";
import { useMarkRead } from "./use-mark-read";

type Props = {
  id: string;
  className: string;
  data: RecentNotifications | undefined;
  error: Error | null;
  onNavigate: () => void;
};

/** The bell's dropdown: the latest notifications, "Mark all read" and a way to the full list. */
export function NotificationPanel({ id, className, data, error, onNavigate }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // Relative times are counted from when the panel opened; it is reopened far more often than left open.
  const [now] = useState(() => Date.now());
  const markRead = useMarkRead();
  // Focus moves in, so a screen reader announces the panel and Tab continues through its items.
  useEffect(() => ref.current?.focus(), []);
  const newest = data?.notifications[0];
  return (
    <div
      ref={ref}
      id={id}
      role="region"
      aria-label="Notifications"
      tabIndex={-1}
      className={`absolute z-50 w-80 max-w-[calc(100vw-2rem)] overflow-hidden rounded-lg border border-slate-200 bg-white text-left shadow-lg focus:outline-none dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
        <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Notifications</h2>
        <button
          type="button"
          // Only what the panel shows (and older) is marked, so one that arrived meanwhile stays unread.
          onClick={() => newest && void markRead.run({ all: true, upTo: newest.createdAt })}
          disabled={!data?.unread || markRead.pending}
          className="text-xs font-medium text-indigo-600 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:cursor-default disabled:text-slate-400 disabled:no-underline dark:text-indigo-400 dark:disabled:text-slate-600"
        >
          Mark all read
        </button>
      </div>
      {error && (
        <p role="alert" className="px-4 pt-2 text-xs text-rose-600 dark:text-rose-400">
          {error.message}
          {data ? "; showing the last ones." : "."}
        </p>
      )}
      {markRead.error && (
        <p role="alert" className="px-4 pt-2 text-xs text-rose-600 dark:text-rose-400">
          {markRead.error}
        </p>
      )}
      {!data && !error && <p className="px-4 py-6 text-center text-sm text-slate-500">Loading…</p>}
      {data?.notifications.length === 0 && (
        <p className="px-4 py-6 text-center text-sm text-slate-500">No notifications yet.</p>
      )}
      {data && data.notifications.length > 0 && (
        <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto dark:divide-slate-800">
          {data.notifications.map((notification) => (
            <RecentNotification
              key={notification.id}
              notification={notification}
              now={now}
              onOpen={() => {
                if (!notification.read) void markRead.run({ id: notification.id });
                onNavigate();
              }}
              onMarkRead={() => void markRead.run({ id: notification.id })}
            />
          ))}
        </ul>
      )}
      <Link
        href="/notifications"
        onClick={onNavigate}
        className="block border-t border-slate-200 px-4 py-2.5 text-center text-sm font-medium text-indigo-600 hover:bg-slate-50 focus:outline-none focus-visible:bg-slate-50 dark:border-slate-800 dark:text-indigo-400 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
      >
        See all notifications
      </Link>
    </div>
  );
}
