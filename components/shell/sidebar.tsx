"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_ITEMS } from "./nav-items";

/** The main navigation: a column on wide screens, a scrolling row on narrow ones. */
export function Sidebar({ role, compact = false }: { role: "OWNER" | "REVIEWER"; compact?: boolean }) {
  const pathname = usePathname();
  const isActive = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav
      aria-label="Main"
      className={compact ? "flex gap-1 overflow-x-auto whitespace-nowrap" : "flex flex-col gap-0.5"}
    >
      {NAV_ITEMS.filter((item) => item.roles.includes(role)).map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={isActive(item.href) ? "page" : undefined}
          className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300"
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
