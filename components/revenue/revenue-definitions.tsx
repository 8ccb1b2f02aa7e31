/** How every figure on the Revenue page is computed (after ChartMogul's and Baremetrics' definitions). */
const DEFINITIONS: [string, string][] = [
  [
    "MRR",
    "Monthly recurring revenue at a month's end: each paying tenant's (active or past due) monthly price, a yearly price divided by 12. Trials, suspended and cancelled tenants count 0. Currencies are never added together.",
  ],
  ["ARR", "MRR × 12."],
  [
    "New",
    "MRR of tenants paying at the month's end who paid nothing at the end of the month before and never paid before.",
  ],
  ["Reactivation", "The same for tenants who had paid at some earlier time and come back."],
  [
    "Expansion / contraction",
    "The rise or fall of MRR of tenants paying at both ends of the month (upgrades, downgrades, price moves).",
  ],
  [
    "Churned",
    "MRR lost from tenants who paid at the end of the month before and pay nothing at the end of this one.",
  ],
  [
    "NRR / GRR",
    "Net revenue retention: (MRR at the start + expansion − contraction − churn) ÷ MRR at the start. Gross: the same without expansion.",
  ],
  ["Logo churn", "Paying customers lost in the month ÷ paying customers at its start."],
  ["ARPA", "Average revenue per account: MRR ÷ paying customers."],
  ["Trial conversion", "Trials that ended in the month by becoming paying ÷ all trials that ended in it."],
  [
    "Cohorts",
    "Tenants grouped by the month their subscription history starts (signup), counting those that ever paid; each cell is the share of them paying at the end of that month.",
  ],
  ["Plan filter", "A month's figures count for the plan the tenant was on at the month's end."],
];

export function RevenueDefinitions() {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
      {DEFINITIONS.map(([term, text]) => (
        <div key={term}>
          <dt className="font-medium">{term}</dt>
          <dd className="text-slate-600 dark:text-slate-400">{text}</dd>
        </div>
      ))}
    </dl>
  );
}
