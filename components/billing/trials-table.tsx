import Link from "next/link";
import type { TrialRow } from "@/lib/billing/queries";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { TenantStatusBadge } from "@/components/ui/badge";
import { PastDueBadge, TrialStatusBadge } from "./billing-badges";

export function TrialsTable({ rows }: { rows: TrialRow[] }) {
  return (
    <Table
      head={["Tenant", "Plan", "Tenant status", "Trial", "Started", "Ends", "Extended"].map((h) => (
        <th key={h} className={headCellClass}>
          {h}
        </th>
      ))}
      empty={
        rows.length === 0 ? (
          <p className="p-8 text-center text-sm text-slate-500">No trials match these filters.</p>
        ) : undefined
      }
    >
      {rows.map((t) => (
        <tr key={t.id} data-testid="trial-row" className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
          <td className={cellClass}>
            <Link
              href={`/billing/trials/${t.id}`}
              className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              {t.tenant.name}
            </Link>
            <span className="ml-2 text-xs text-slate-500">{t.tenant.slug}</span>
          </td>
          <td className={`${cellClass} capitalize`}>{t.plan}</td>
          <td className={cellClass}>
            {t.tenant.status === "past_due" ? (
              <PastDueBadge tenantStatus={t.tenant.status} />
            ) : (
              <TenantStatusBadge status={t.tenant.status} />
            )}
          </td>
          <td className={cellClass}>
            <TrialStatusBadge status={t.status} />
          </td>
          <td className={`${cellClass} tabular-nums text-slate-500`}>
            <LocalTime value={t.startedAt} dateOnly />
          </td>
          <td className={`${cellClass} tabular-nums`}>
            <LocalTime value={t.endsAt} />
          </td>
          <td className={`${cellClass} tabular-nums`}>{t.extendedDays ? `${t.extendedDays} d` : "—"}</td>
        </tr>
      ))}
    </Table>
  );
}
