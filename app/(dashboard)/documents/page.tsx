import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Tabs } from "@/components/ui/tabs";
import { DocumentsTable, MissingDocumentsTable } from "@/components/documents/documents-table";
import {
  DOCUMENT_VIEWS,
  expiringWithinDays,
  listDocuments,
  listDocumentsSchema,
  listMissingDocuments,
  type DocumentView,
} from "@/lib/documents/queries";
import { DOCUMENT_TYPE_LABELS } from "@/lib/documents/schemas";
import { env } from "@/lib/env";

export const metadata = { title: "Documents" };

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: filters, invalid } = parsePageSearchParams(listDocumentsSchema, await searchParams);
  const params = {
    view: filters.view,
    q: filters.q,
    type: filters.type,
    required: filters.required ? "on" : undefined,
    withinDays: filters.withinDays?.toString(),
  };
  const warnWithin = filters.withinDays ?? expiringWithinDays();
  const descriptions: Record<DocumentView, string> = {
    expiring: `Current documents whose last valid day is within ${warnWithin} days.`,
    expired: "Documents past their last valid day without a renewal.",
    missing: `Active and past-due tenants without a valid ${env()
      .DOCUMENT_REQUIRED_TYPES.map((t) => DOCUMENT_TYPE_LABELS[t])
      .join(" or ")}.`,
  };
  const tabs = Object.entries(DOCUMENT_VIEWS).map(([key, label]) => ({
    key,
    label,
    href: `/documents?${query({ ...params, view: key })}`,
  }));
  const { table, page } =
    filters.view === "missing"
      ? await listMissingDocuments(filters).then((page) => ({
          page,
          table: <MissingDocumentsTable rows={page.rows} />,
        }))
      : await listDocuments({ ...filters, view: filters.view }).then((page) => ({
          page,
          table: <DocumentsTable rows={page.rows} warnWithin={warnWithin} />,
        }));
  return (
    <>
      <PageHeader
        title="Documents"
        description="Tenants' contracts, certificates and other documents with an expiry date"
      />
      <Tabs label="Documents" tabs={tabs} current={filters.view} />
      {invalid && (
        <p role="alert" className="mb-4 text-sm text-amber-700">
          Some filters were invalid and were reset.
        </p>
      )}
      <p className="mb-4 text-sm text-slate-500">{descriptions[filters.view]}</p>
      <form className="mb-4 flex flex-wrap items-center gap-3" role="search">
        <input type="hidden" name="view" value={filters.view} />
        {filters.withinDays !== undefined && (
          <input type="hidden" name="withinDays" value={filters.withinDays} />
        )}
        <input
          name="q"
          defaultValue={filters.q}
          placeholder="Tenant name or slug"
          aria-label="Tenant"
          className={`${inputBaseClass} w-64`}
        />
        <select
          name="type"
          defaultValue={filters.type ?? ""}
          aria-label="Type"
          className={`${inputBaseClass} w-56`}
        >
          <option value="">All types</option>
          {Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {filters.view !== "missing" && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="required" defaultChecked={filters.required} /> Required only
          </label>
        )}
        <button className={buttonClass("secondary")}>Apply</button>
      </form>
      {table}
      <Pagination
        basePath="/documents"
        params={params}
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
      />
    </>
  );
}
