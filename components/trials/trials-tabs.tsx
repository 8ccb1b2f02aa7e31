import Link from "next/link";

const TABS = [
  { key: "trials", href: "/trials", label: "Trials" },
  { key: "payments", href: "/trials/payments", label: "Payments" },
] as const;

/** Switches between the trials list and the payments in recovery. */
export function TrialsTabs({ current }: { current: (typeof TABS)[number]["key"] }) {
  return (
    <nav aria-label="Trials and payments" className="mb-6 flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {TABS.map((tab) => (
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
