import type { CohortCell } from "@/lib/revenue/queries";

/** Five steps of retention, each with text that keeps WCAG AA contrast on its background. */
const SHADES = [
  "bg-indigo-50 text-slate-900",
  "bg-indigo-200 text-slate-900",
  "bg-indigo-300 text-slate-900",
  "bg-indigo-700 text-white",
  "bg-indigo-900 text-white",
];

/** Logo retention by cohort: rows are cohorts, columns months since the cohort's month. */
export function CohortHeatmap({ cells }: { cells: CohortCell[] }) {
  const cohorts = [...new Set(cells.map((c) => c.cohort))];
  const rows = cohorts.map((cohort) => cells.filter((c) => c.cohort === cohort));
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (cohorts.length === 0)
    return <p className="text-sm text-slate-500">No paying cohorts in this period.</p>;
  return (
    // Focusable, so a keyboard can scroll a wide heatmap too.
    <div
      tabIndex={0}
      role="region"
      aria-label="Cohort retention"
      className="overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
    >
      <table className="text-xs tabular-nums" data-testid="cohort-heatmap">
        <thead>
          <tr>
            <th className="px-2 py-1 text-left font-medium">Cohort</th>
            <th className="px-2 py-1 text-right font-medium">Paid</th>
            {Array.from({ length: width }, (_, i) => (
              <th key={i} className="px-2 py-1 text-right font-medium">
                M{i}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row[0].cohort}>
              <th scope="row" className="px-2 py-1 text-left font-medium">
                {row[0].cohort}
              </th>
              <td className="px-2 py-1 text-right">{row[0].size}</td>
              {row.map((cell) => {
                const share = cell.size > 0 ? cell.paying / cell.size : 0;
                const shade = SHADES[Math.min(SHADES.length - 1, Math.floor(share * SHADES.length))];
                return (
                  <td
                    key={cell.month}
                    title={`${cell.month}: ${cell.paying} of ${cell.size} paying`}
                    className={`px-2 py-1 text-right ${shade}`}
                  >
                    {Math.round(share * 100)}%
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
