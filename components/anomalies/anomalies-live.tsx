"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import type { AnomalyPage, SeverityCounts } from "@/lib/anomalies/queries";
import type { ListAnomaliesInput } from "@/lib/anomalies/schemas";
import { StatCard } from "@/components/ui/card";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { Pagination } from "@/components/ui/pagination";
import { AnomalyStatusBadge, SEVERITIES, SeverityBadge } from "./anomaly-badges";
import type { Jsonified } from "@/lib/jsonified";

export type AnomalyListData = Jsonified<{ counts: SeverityCounts; page: AnomalyPage }>;

const REFRESH_MS = 30_000;

/** The filters as query parameters, shared by the refresh and the page links. */
function filterParams(filters: ListAnomaliesInput): Record<string, string | undefined> {
  return {
    status: filters.status,
    severity: filters.severity,
    metric: filters.metric,
    tenant: filters.tenant,
  };
}

async function fetchAnomalies(filters: ListAnomaliesInput): Promise<AnomalyListData> {
  const params = new URLSearchParams(
    Object.entries({ ...filterParams(filters), page: String(filters.page) }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  );
  const response = await fetch(`/api/anomalies?${params}`);
  if (!response.ok) throw new Error(`Anomalies failed to load (${response.status})`);
  return response.json();
}

/**
 * Open anomalies per severity and the filtered list, refreshed every 30 s (detection runs every few
 * minutes). `children` (the filter form) sits between the cards and the table.
 */
export function AnomaliesLive({
  initial,
  filters,
  children,
}: {
  initial: AnomalyListData;
  filters: ListAnomaliesInput;
  children: ReactNode;
}) {
  const { data, error } = useQuery({
    queryKey: ["anomalies", filters],
    queryFn: () => fetchAnomalies(filters),
    initialData: initial,
    refetchInterval: REFRESH_MS,
  });
  const { counts, page } = data;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {SEVERITIES.map((severity) => (
          <div key={severity} data-testid={`open-${severity}`}>
            <StatCard
              label={`Open · ${severity}`}
              value={counts[severity].toLocaleString("en")}
              detail={
                <Link href={`/anomalies?severity=${severity}`} className="hover:underline">
                  Show open {severity} anomalies
                </Link>
              }
            />
          </div>
        ))}
      </div>
      <div className="mt-6">
        {children}
        {error && (
          <p role="alert" className="mb-3 text-sm text-rose-600">
            {error.message}; showing the last list.
          </p>
        )}
        <Table
          head={[
            "Tenant",
            "Metric",
            "Severity",
            "Status",
            "What happened",
            "First seen",
            "Last seen",
            "Peak z",
          ].map((h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ))}
          empty={
            page.rows.length === 0 ? (
              <p className="p-8 text-center text-sm text-slate-500">No anomalies match these filters.</p>
            ) : undefined
          }
        >
          {page.rows.map((a) => (
            <tr key={a.id} data-testid="anomaly-row" className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
              <td className={cellClass}>
                <span className="font-medium">{a.tenant.name}</span>
                <span className="ml-2 text-xs text-slate-500">{a.tenant.slug}</span>
              </td>
              <td className={cellClass}>{a.metric.name}</td>
              <td className={cellClass}>
                <SeverityBadge severity={a.severity} />
              </td>
              <td className={cellClass}>
                <AnomalyStatusBadge status={a.status} />
              </td>
              <td className="min-w-80 px-4 py-2.5">
                <Link
                  href={`/anomalies/${a.id}`}
                  className="text-indigo-600 hover:underline dark:text-indigo-400"
                >
                  {a.headline}
                </Link>
              </td>
              <td className={`${cellClass} text-slate-500`}>
                <LocalTime value={a.firstBucket} />
              </td>
              <td className={cellClass}>
                <LocalTime value={a.lastBucket} />
              </td>
              <td className={`${cellClass} tabular-nums`}>{a.z.toFixed(1)}</td>
            </tr>
          ))}
        </Table>
        <Pagination
          basePath="/anomalies"
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          params={filterParams(filters)}
        />
      </div>
    </>
  );
}
