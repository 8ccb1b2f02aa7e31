import Link from "next/link";

export type Tab = { key: string; href: string; label: string };

/** An area's sub-pages as tabs; the current one is marked for assistive technology too. */
export function Tabs({ label, tabs, current }: { label: string; tabs: readonly Tab[]; current: string }) {
  return (
    <nav
      aria-label={label}
      className="mb-6 flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800"
    >
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.key === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${tab.key === current ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300" : "border-transparent text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
