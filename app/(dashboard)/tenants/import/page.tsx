import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { CsvImportForm } from "@/components/tenants/import/csv-import-form";
import { previewTenantImportAction, startTenantImportAction } from "./actions";
import { ImportStatusBadge } from "@/components/tenants/import/import-status-badge";
import {
  CSV_COLUMNS,
  MAX_CSV_BYTES,
  MAX_CSV_ROWS,
  REQUIRED_CSV_COLUMNS,
} from "@/lib/tenants/read-tenant-csv";
import { listRecentTenantImports } from "@/lib/tenants/tenant-import-queries";

export const metadata = { title: "Import tenants" };

export default async function TenantImportPage() {
  await requirePageActor(["OWNER"]);
  const recent = await listRecentTenantImports();
  const optional = CSV_COLUMNS.filter((column) => !REQUIRED_CSV_COLUMNS.includes(column));
  return (
    <>
      <PageHeader
        title="Import tenants"
        description={
          <Link href="/tenants" className="hover:underline">
            ← Tenants
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title="CSV file">
          <div className="mb-4 space-y-1 text-sm text-slate-600 dark:text-slate-300">
            <p>
              A header row, then one tenant per row, at most {MAX_CSV_ROWS.toLocaleString("en")} rows and{" "}
              {MAX_CSV_BYTES / 1024 / 1024} MB (UTF-8, comma-separated). Columns:{" "}
              {REQUIRED_CSV_COLUMNS.map((c) => (
                <code key={c} className="mr-1 font-mono text-xs">
                  {c}
                </code>
              ))}
              and optionally{" "}
              {optional.map((c) => (
                <code key={c} className="mr-1 font-mono text-xs">
                  {c}
                </code>
              ))}
              , as in the API&apos;s import.
            </p>
            <p className="text-xs text-slate-500">
              Each row creates the tenant with that <code className="font-mono">external_id</code> or updates
              it; importing a file again changes only what changed. An empty slug is derived from the name, an
              empty time zone is UTC. The preview checks every row without writing anything.
            </p>
          </div>
          <CsvImportForm
            maxBytes={MAX_CSV_BYTES}
            actions={{ preview: previewTenantImportAction, start: startTenantImportAction }}
          />
        </Card>
        <Card title="Recent imports">
          {recent.length === 0 ? (
            <p className="text-sm text-slate-500">None yet.</p>
          ) : (
            <ul className="space-y-3 text-sm">
              {recent.map((item) => (
                <li key={item.id} className="space-y-0.5">
                  <div className="flex items-center justify-between gap-2">
                    <Link
                      href={`/tenants/import/${item.id}`}
                      className="truncate font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                    >
                      {item.fileName}
                    </Link>
                    <ImportStatusBadge status={item.status} />
                  </div>
                  <p className="text-xs text-slate-500">
                    <LocalTime value={item.createdAt} /> · {item.created.toLocaleString("en")} created ·{" "}
                    {item.updated.toLocaleString("en")} updated · {item.failed.toLocaleString("en")} refused
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
