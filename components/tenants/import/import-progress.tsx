"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { buttonClass } from "@/components/ui/button";
import type { TenantImportProgress } from "@/lib/tenants/csv-import-schemas";
import { ImportCounts } from "./import-counts";
import { ImportStatusBadge } from "./import-status-badge";
import { RowErrorsTable } from "./row-errors-table";

const finished = (progress: TenantImportProgress) =>
  progress.status === "succeeded" || progress.status === "failed";

async function fetchProgress(id: string): Promise<TenantImportProgress> {
  const response = await fetch(`/api/tenants/imports/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`The import's progress failed to load (${response.status}).`);
  return response.json();
}

function describe(progress: TenantImportProgress): string {
  const rows = `${progress.processed.toLocaleString("en")} of ${progress.total.toLocaleString("en")} rows`;
  if (progress.status === "queued") return "Waiting for the worker…";
  if (progress.status === "running") return `Importing: ${rows}`;
  if (progress.status === "succeeded") return `Done: ${rows}`;
  return `Stopped: ${rows}`;
}

/** Follows an import until it finishes (polling every second), then shows what it did. */
export function ImportProgress({ initial }: { initial: TenantImportProgress }) {
  const { data: progress, error } = useQuery({
    queryKey: ["tenant-import", initial.id],
    queryFn: () => fetchProgress(initial.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && finished(query.state.data) ? false : 1_000),
  });
  const percent =
    progress.status === "succeeded" || progress.total === 0
      ? 100
      : Math.floor((100 * progress.processed) / progress.total);
  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <div className="flex items-center justify-between gap-4 text-sm">
          <p role="status" aria-live="polite" data-testid="import-state">
            {describe(progress)}
          </p>
          <ImportStatusBadge status={progress.status} />
        </div>
        <div
          className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
          role="progressbar"
          aria-label="Import progress"
          aria-valuenow={percent}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuetext={`${percent}%`}
        >
          <div
            className={`h-full transition-all ${progress.status === "failed" ? "bg-rose-500" : "bg-indigo-500"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
        <p className="text-right text-xs tabular-nums text-slate-500">{percent}%</p>
        {error && (
          <p role="alert" className="text-sm text-rose-600">
            {error.message} Retrying…
          </p>
        )}
      </div>
      {finished(progress) && (
        <>
          <ImportCounts counts={progress} tense="did" />
          {progress.errors.length > 0 && (
            <section className="space-y-2">
              <h2 className="text-sm font-semibold">Errors</h2>
              <RowErrorsTable
                errors={progress.errors}
                total={progress.failed}
                label="Rows the import refused"
              />
            </section>
          )}
          <div className="flex gap-3">
            <Link href="/tenants?sort=createdAt&dir=desc" className={buttonClass()}>
              Go to tenants
            </Link>
            <Link href="/tenants/import" className={buttonClass("secondary")}>
              Import another file
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
