import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import {
  listTenantsSchema,
  planValues,
  tenantStatusValues,
  type ListTenantsQuery,
} from "@/lib/tenants/schemas";
import { listTenants } from "@/lib/tenants/queries";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { TenantStatusBadge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "Tenants" };

const COLUMNS: { key: ListTenantsQuery["sort"] | null; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
  { key: "plan", label: "Plan" },
  { key: null, label: "Contact" },
  { key: "createdAt", label: "Created" },
];

export default async function TenantsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: query, invalid } = parsePageSearchParams(listTenantsSchema, await searchParams);
  const page = await listTenants(query);
  const params = { q: query.q, status: query.status, plan: query.plan, sort: query.sort, dir: query.dir };
  const sortHref = (key: ListTenantsQuery["sort"]) =>
    `/tenants?${new URLSearchParams(Object.entries({ ...params, sort: key, dir: query.sort === key && query.dir === "asc" ? "desc" : "asc" }).filter((e): e is [string, string] => Boolean(e[1])))}`;

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Every account on your platform"
        actions={
          <>
            <Link href="/tenants/import" className={buttonClass("secondary")}>
              Import CSV
            </Link>
            <Link href="/tenants/new" className={buttonClass()}>
              New tenant
            </Link>
          </>
        }
      />
      {invalid && (
        <p role="alert" className="mb-4 text-sm text-amber-700">
          Some filters were invalid and were reset.
        </p>
      )}
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <input
          name="q"
          defaultValue={query.q}
          placeholder="Search name, slug or exact email"
          aria-label="Search"
          className={`${inputBaseClass} w-72`}
        />
        <select
          name="status"
          defaultValue={query.status ?? ""}
          aria-label="Status"
          className={`${inputBaseClass} w-40`}
        >
          <option value="">All statuses</option>
          {tenantStatusValues.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </select>
        <select
          name="plan"
          defaultValue={query.plan ?? ""}
          aria-label="Plan"
          className={`${inputBaseClass} w-36`}
        >
          <option value="">All plans</option>
          {planValues.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button className={buttonClass("secondary")}>Apply</button>
      </form>
      <Table
        head={COLUMNS.map((c) => (
          <th
            key={c.label}
            className={headCellClass}
            aria-sort={
              c.key && query.sort === c.key ? (query.dir === "asc" ? "ascending" : "descending") : undefined
            }
          >
            {c.key ? (
              <Link href={sortHref(c.key)} className="hover:text-slate-900 dark:hover:text-slate-100">
                {c.label}
                {query.sort === c.key ? (query.dir === "asc" ? " ↑" : " ↓") : ""}
              </Link>
            ) : (
              c.label
            )}
          </th>
        ))}
        empty={
          page.rows.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">No tenants match these filters.</p>
          ) : undefined
        }
      >
        {page.rows.map((t) => (
          <tr key={t.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <td className={cellClass}>
              <Link
                href={`/tenants/${t.id}`}
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {t.name}
              </Link>
              <span className="ml-2 text-xs text-slate-500">{t.slug}</span>
            </td>
            <td className={cellClass}>
              <TenantStatusBadge status={t.status} />
            </td>
            <td className={`${cellClass} capitalize`}>{t.plan}</td>
            <td className={cellClass}>{t.contactEmail}</td>
            <td className={`${cellClass} tabular-nums text-slate-500`}>
              <LocalTime value={t.createdAt} dateOnly />
            </td>
          </tr>
        ))}
      </Table>
      <Pagination
        basePath="/tenants"
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        params={params}
      />
    </>
  );
}
