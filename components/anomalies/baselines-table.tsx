import Link from "next/link";
import type { BaselineRow } from "@/lib/anomalies/queries";
import type { FormAction } from "@/components/ui/action-form";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { Badge } from "@/components/ui/badge";
import { SeverityBadge } from "./anomaly-badges";
import { MuteSeriesForm, UnmuteSeriesForm } from "./anomaly-forms";
import { formatNumber, formatValue } from "./labels";

/** A tenant's series: latest value, the baseline it is compared with, mutes and open anomalies. */
export function BaselinesTable({
  rows,
  muteAction,
  unmuteAction,
  defaultUntil,
}: {
  rows: BaselineRow[];
  muteAction: FormAction;
  unmuteAction: FormAction;
  defaultUntil: string;
}) {
  return (
    <Table
      head={["Metric", "Latest", "Baseline", "z of the latest", "Open anomaly", "Mute"].map((h) => (
        <th key={h} className={headCellClass}>
          {h}
        </th>
      ))}
      empty={
        rows.length === 0 ? (
          <p className="p-8 text-center text-sm text-slate-500">No metric points for this tenant yet.</p>
        ) : undefined
      }
    >
      {rows.map((row) => (
        <tr key={row.seriesId} data-testid="baseline-row" className="align-top">
          <td className={cellClass}>
            <span className="font-medium">{row.metric.name}</span>
            {!row.metric.enabled && (
              <span className="ml-2">
                <Badge>rule disabled</Badge>
              </span>
            )}
            <span className="block text-xs text-slate-500">{row.metric.key}</span>
          </td>
          <td className={cellClass}>
            {row.latest ? (
              <>
                <span className="tabular-nums">{formatValue(row.latest.value, row.metric.unit)}</span>
                <span className="block text-xs text-slate-500">
                  <LocalTime value={row.latest.bucket} />
                </span>
              </>
            ) : (
              "—"
            )}
          </td>
          <td className={cellClass}>
            {row.baseline ? (
              <>
                <span className="tabular-nums">
                  {formatValue(row.baseline.center, row.metric.unit)} ± {formatNumber(row.baseline.spread)}
                </span>
                <span className="block text-xs text-slate-500">over {row.baseline.points} points</span>
              </>
            ) : (
              <span className="text-slate-500">
                Collecting history ({row.metric.minHistoryDays} days needed)
              </span>
            )}
          </td>
          <td className={`${cellClass} tabular-nums`}>
            {row.baseline?.z != null ? (
              <>
                {row.baseline.z.toFixed(1)}
                {row.baseline.anomalous && (
                  <span className="ml-2">
                    <Badge tone="red">anomalous</Badge>
                  </span>
                )}
              </>
            ) : (
              <span title={row.baseline ? "The latest bucket is part of the current baseline" : undefined}>
                —
              </span>
            )}
          </td>
          <td className={cellClass}>
            {row.openAnomaly ? (
              <Link
                href={`/anomalies/${row.openAnomaly.id}`}
                className="inline-flex items-center gap-2 text-indigo-600 hover:underline dark:text-indigo-400"
              >
                <SeverityBadge severity={row.openAnomaly.severity} /> {row.openAnomaly.status}
              </Link>
            ) : (
              "none"
            )}
          </td>
          <td className="min-w-72 px-4 py-2.5">
            {row.mute ? (
              <div className="space-y-2 text-sm">
                <p>
                  Muted until <LocalTime value={row.mute.until} />
                  {row.mute.reason && <span className="block text-xs text-slate-500">{row.mute.reason}</span>}
                </p>
                <UnmuteSeriesForm action={unmuteAction} seriesId={row.seriesId} />
              </div>
            ) : (
              <details>
                <summary className="cursor-pointer text-sm text-indigo-600 dark:text-indigo-400">
                  Mute…
                </summary>
                <div className="mt-2">
                  <MuteSeriesForm
                    action={muteAction}
                    seriesId={row.seriesId}
                    defaultUntil={defaultUntil}
                    idPrefix={`mute-${row.seriesId}`}
                  />
                </div>
              </details>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
