import { formatMoney } from "@/lib/billing/format";
import type { RevenueMonth } from "@/lib/revenue/revenue-report";
import { Table, cellClass, headCellClass } from "@/components/ui/table";

const pct = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);

/** The months newest first: MRR, its movements and the retention ratios. */
export function MovementsTable({ months, currency }: { months: RevenueMonth[]; currency: string }) {
  const money = (minor: number | null) => (minor === null ? "–" : formatMoney(minor, currency));
  return (
    <Table
      head={[
        "Month",
        "MRR",
        "New",
        "Expansion",
        "Contraction",
        "Churned",
        "Reactivation",
        "NRR",
        "Logo churn",
      ].map((h) => (
        <th key={h} className={headCellClass}>
          {h}
        </th>
      ))}
    >
      {[...months].reverse().map((m) => (
        <tr key={m.month} data-testid={`movements-${m.month}`}>
          <td className={cellClass}>{m.month}</td>
          <td className={cellClass}>{money(m.mrr)}</td>
          <td className={cellClass}>{money(m.newMrr)}</td>
          <td className={cellClass}>{money(m.expansion)}</td>
          <td className={cellClass}>{money(m.contraction)}</td>
          <td className={cellClass}>{money(m.churned)}</td>
          <td className={cellClass}>{money(m.reactivation)}</td>
          <td className={cellClass}>{pct(m.nrr)}</td>
          <td className={cellClass}>{pct(m.logoChurn)}</td>
        </tr>
      ))}
    </Table>
  );
}
