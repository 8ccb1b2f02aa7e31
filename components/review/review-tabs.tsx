import Link from "next/link";

const TABS = [
  { key: "queue", href: "/review", label: "Queue", ownerOnly: false },
  { key: "analytics", href: "/review/analytics", label: "Analytics", ownerOnly: false },
  { key: "settings", href: "/review/settings", label: "Settings", ownerOnly: true },
] as const;

/** Switches between the queue, its analytics and (for owners) its settings. */
export function ReviewTabs({ current, owner }: { current: (typeof TABS)[number]["key"]; owner: boolean }) {
  return (
    <nav aria-label="Review" className="mb-6 flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {TABS.filter((tab) => owner || !tab.ownerOnly).map((tab) => (
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
