import type { ReactNode } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import type { TenantImportPreview } from "@/lib/tenants/csv-import-schemas";
import { ImportCounts } from "./import-counts";
import { RowErrorsTable } from "./row-errors-table";

const outcomes: Record<TenantImportPreview["sample"][number]["status"], { label: string; tone: Tone }> = {
  created: { label: "create", tone: "green" },
  updated: { label: "update", tone: "blue" },
  unchanged: { label: "unchanged", tone: "gray" },
  error: { label: "error", tone: "red" },
};

/** A dry run's findings: the counts, then `actions` (kept above the fold), the refused rows and the first rows. */
export function ImportPreview({ preview, actions }: { preview: TenantImportPreview; actions: ReactNode }) {
  return (
    <div className="space-y-5" data-testid="import-preview">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        <span className="font-medium">{preview.fileName}</span>: {preview.rows.toLocaleString("en")} tenant
        rows. Nothing has been written yet.
      </p>
      <ImportCounts counts={preview} tense="would" />
      {actions}
      {preview.failed > 0 && (
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">Rows that would be refused</h3>
          <p className="text-xs text-slate-500">
            Rows are numbered as in the file, the header being row 1. The other rows import without them; fix
            these and import the file again later (rows already imported stay as they are).
          </p>
          <RowErrorsTable errors={preview.errors} total={preview.failed} label="Rows that would be refused" />
        </section>
      )}
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">First rows</h3>
        <div
          className="max-h-56 overflow-auto rounded-md border border-slate-200 dark:border-slate-800"
          tabIndex={0}
          role="region"
          aria-label="First rows of the file"
        >
          <table className="min-w-full text-sm">
            <caption className="sr-only">First rows of the file</caption>
            <thead className="sticky top-0 bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Row
                </th>
                <th scope="col" className="px-3 py-2">
                  Import
                </th>
                {preview.columns.map((column) => (
                  <th key={column} scope="col" className="px-3 py-2 font-mono normal-case">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {preview.sample.map((row) => (
                <tr key={row.row}>
                  <td className="px-3 py-1.5 tabular-nums">{row.row}</td>
                  <td className="px-3 py-1.5">
                    <Badge tone={outcomes[row.status].tone}>{outcomes[row.status].label}</Badge>
                  </td>
                  {preview.columns.map((column, i) => (
                    <td key={column} className="max-w-48 truncate px-3 py-1.5" title={row.cells[i]}>
                      {row.cells[i]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
