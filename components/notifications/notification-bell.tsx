"use client";

import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { fetchRecentNotifications, RECENT_NOTIFICATIONS_KEY } from "./notifications-api";
import { NotificationPanel } from "./notification-panel";

/** Which edge of the panel lines up with the bell: the sidebar's opens rightwards over the page, the narrow header's leftwards. */
const ALIGN = { start: "left-0", end: "right-0" };

function BellIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="h-5 w-5"
      aria-hidden
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The owner's bell: the unread count, polled every 15 s, and a panel of the latest notifications. */
export function NotificationBell({ align }: { align: keyof typeof ALIGN }) {
  const [open, setOpen] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const { data, error } = useQuery({
    queryKey: RECENT_NOTIFICATIONS_KEY,
    queryFn: fetchRecentNotifications,
    refetchInterval: 15_000,
  });
  const unread = data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const closeOnPointerOutside = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnPointerOutside);
    return () => document.removeEventListener("pointerdown", closeOnPointerOutside);
  }, [open]);

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !open) return;
    setOpen(false);
    buttonRef.current?.focus();
  };
  // Tabbing out closes the panel. A blur towards nothing (a click elsewhere; Safari does not focus
  // clicked buttons) is left to the pointer listener, or clicking the bell would close and reopen it.
  const closeOnFocusOutside = (event: FocusEvent) => {
    if (event.relatedTarget && !containerRef.current?.contains(event.relatedTarget)) setOpen(false);
  };

  return (
    <div ref={containerRef} className="relative" onKeyDown={closeOnEscape} onBlur={closeOnFocusOutside}>
      <button
        ref={buttonRef}
        type="button"
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
      >
        <BellIcon />
        {unread > 0 && (
          <span
            aria-hidden
            className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-rose-600 px-1 text-center text-[10px] font-semibold leading-4 text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <NotificationPanel
          id={panelId}
          className={`top-full mt-2 ${ALIGN[align]}`}
          data={data}
          error={error}
          onNavigate={() => setOpen(false)}
        />
      )}
    </div>
  );
}
