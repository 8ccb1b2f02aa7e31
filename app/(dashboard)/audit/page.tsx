import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { auditFilterOptions, listAuditEntries } from "@/lib/audit/queries";
import { auditEntityLinks } from "@/lib/audit/entity-links";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { AuditList } from "@/components/audit/audit-list";

export const metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: query, invalid, text } = parsePageSearchParams(auditQuerySchema, await searchParams);
  const [page, options] = await Promise.all([listAuditEntries(query), auditFilterOptions()]);
  const links = await auditEntityLinks(page.rows);
  return (
    <>
      <PageHeader title="Audit log" description="Every change made in Steward, who made it and from where" />
      {invalid && (
        <p role="alert" className="mb-4 text-sm text-amber-700">
          {Object.values(invalid).flat().join(" ")} Showing everything instead.
        </p>
      )}
      <form className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-7">
        <input
          name="actor"
          defaultValue={text.actor}
          placeholder="Actor"
          aria-label="Actor"
          className={inputClass}
        />
        <select name="action" defaultValue={text.action} aria-label="Action" className={inputClass}>
          <option value="">All actions</option>
          {options.actions.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <select name="entityType" defaultValue={text.entityType} aria-label="Entity" className={inputClass}>
          <option value="">All entities</option>
          {options.entityTypes.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
        <input
          name="entityId"
          defaultValue={text.entityId}
          placeholder="Entity id"
          aria-label="Entity id"
          className={inputClass}
        />
        <input type="date" name="from" defaultValue={text.from} aria-label="From" className={inputClass} />
        <input type="date" name="to" defaultValue={text.to} aria-label="To" className={inputClass} />
        <button className={buttonClass("secondary")}>Filter</button>
      </form>
      <Card>
        <AuditList entries={page.rows} showEntity links={links} />
      </Card>
      <Pagination
        basePath="/audit"
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        params={{
          actor: text.actor,
          action: text.action,
          entityType: text.entityType,
          entityId: text.entityId,
          from: text.from,
          to: text.to,
        }}
      />
    </>
  );
}
