import type { RowError } from "@/lib/tenants/csv-import-schemas";

const FIELD_LABELS: Record<string, string> = { _form: "Row" };

/**
 * Refused rows, one line per message: the row as numbered in the file (the header is row 1), the
 * column at fault and what is wrong. Row 0 is the file as a whole.
 */
export function RowErrorsTable({
  errors,
  total,
  label,
}: {
  errors: RowError[];
  total: number;
  label: string;
}) {
  const lines = errors.flatMap(({ row, fields }) =>
    Object.entries(fields).flatMap(([field, messages]) =>
      messages.map((message, i) => ({ key: `${row}-${field}-${i}`, row, field, message })),
    ),
  );
  if (lines.length === 0) return null;
  return (
    <div className="space-y-2">
      <div
        className="max-h-56 overflow-auto rounded-md border border-slate-200 dark:border-slate-800"
        tabIndex={0}
        role="region"
        aria-label={label}
      >
        <table className="min-w-full text-sm" data-testid="row-errors">
          <caption className="sr-only">{label}</caption>
          <thead className="sticky top-0 bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-3 py-2">
                Row
              </th>
              <th scope="col" className="px-3 py-2">
                Column
              </th>
              <th scope="col" className="px-3 py-2">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {lines.map((line) => (
              <tr key={line.key}>
                <td className="whitespace-nowrap px-3 py-1.5 tabular-nums">
                  {line.row === 0 ? "File" : line.row}
                </td>
                <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">
                  {FIELD_LABELS[line.field] ?? line.field}
                </td>
                <td className="px-3 py-1.5 text-rose-700 dark:text-rose-400">{line.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > errors.length && (
        <p className="text-xs text-slate-500">
          The first {errors.length.toLocaleString("en")} of {total.toLocaleString("en")} refused rows.
        </p>
      )}
    </div>
  );
}
