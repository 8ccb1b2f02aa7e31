"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { QuickFoundTenant } from "@/lib/tenants/quick-find-tenants";
import { paletteEntries, type Role } from "./palette-entries";

/** The event the shell's "Search" buttons send, so the palette is rendered (and listens) once. */
export const OPEN_PALETTE_EVENT = "steward:open-command-palette";

/** Typing waits this long before asking the server, so a burst of keys sends one search. */
const SEARCH_DELAY_MS = 150;

/** Tenants found for the query; results of an earlier query are never shown for a later one. */
function useTenantSearch(query: string, enabled: boolean): QuickFoundTenant[] {
  const [found, setFound] = useState<{ q: string; tenants: QuickFoundTenant[] }>({ q: "", tenants: [] });
  const q = query.trim();
  const searching = enabled && q.length >= 2;
  useEffect(() => {
    if (!searching) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/palette/tenants?${new URLSearchParams({ q })}`, {
          signal: controller.signal,
        });
        if (response.ok) setFound({ q, tenants: (await response.json()).tenants });
      } catch {
        // Aborted by the next keystroke, or offline: the pages and actions still work.
      }
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, searching]);
  return searching && found.q === q ? found.tenants : [];
}

/**
 * Ctrl/⌘-K (or a Search button): jump to a tenant by name, slug or exact email, to a page, or start
 * an action, with the keyboard. A combobox over a listbox, in a modal dialog.
 */
export function CommandPalette({ role }: { role: Role }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  // Its fields exist only while it is open, so a closed palette adds no labels or options to pages.
  const [isOpen, setIsOpen] = useState(false);
  const tenants = useTenantSearch(query, role === "OWNER");
  const entries = useMemo(() => paletteEntries(query, role, tenants), [query, role, tenants]);
  const listId = useId();

  useEffect(() => {
    const open = () => {
      setQuery("");
      setActive(0);
      setIsOpen(true);
      if (!dialog.current?.open) dialog.current?.showModal();
    };
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_PALETTE_EVENT, open);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_PALETTE_EVENT, open);
    };
  }, []);

  const go = (href: string) => {
    dialog.current?.close();
    router.push(href);
  };
  const current = Math.min(active, Math.max(0, entries.length - 1));
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + entries.length) % Math.max(1, entries.length));
    } else if (event.key === "Enter" && entries[current]) {
      event.preventDefault();
      go(entries[current].href);
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-label="Command palette"
      className="mx-auto mt-24 w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      onClick={(event) => event.target === dialog.current && dialog.current.close()}
      onClose={() => setIsOpen(false)}
    >
      {isOpen && (
        <>
          <input
            autoFocus
            role="combobox"
            aria-label="Search tenants, pages and actions"
            aria-expanded={entries.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={entries[current] ? `${listId}-${current}` : undefined}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            placeholder={
              role === "OWNER" ? "Tenant name, slug or email; a page; an action" : "A page or an action"
            }
            className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-sm outline-none dark:border-slate-700"
          />
          {entries.length > 0 ? (
            <ul id={listId} role="listbox" aria-label="Results" className="max-h-80 overflow-y-auto py-1">
              {entries.map((entry, index) => (
                <li
                  key={entry.id}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === current}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => go(entry.href)}
                  className="flex cursor-pointer items-center justify-between gap-3 px-4 py-2 text-sm aria-selected:bg-indigo-50 aria-selected:text-indigo-800 dark:aria-selected:bg-indigo-950 dark:aria-selected:text-indigo-200"
                >
                  <span className="truncate">{entry.label}</span>
                  <span className="shrink-0 text-xs text-slate-600 dark:text-slate-300">{entry.group}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-4 py-2 text-sm text-slate-500">Nothing matches.</p>
          )}
        </>
      )}
    </dialog>
  );
}

/** The shell's visible way into the palette. */
export function PaletteButton() {
  return (
    <button
      type="button"
      onClick={() => window.dispatchEvent(new Event(OPEN_PALETTE_EVENT))}
      className="flex w-full items-center justify-between gap-2 rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      <span>Search…</span>
      <kbd className="text-xs text-slate-500 dark:text-slate-400">Ctrl K</kbd>
    </button>
  );
}
