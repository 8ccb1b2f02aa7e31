import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/app/_server/session";
import { getTenantView } from "@/lib/tenants/queries";
import { listAuditEntries } from "@/lib/audit/queries";
import { isAppError } from "@/lib/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { TenantStatusBadge } from "@/components/ui/badge";
import { StatusForm } from "@/components/tenants/status-form";
import { AuditList } from "@/components/audit/audit-list";
import { changeTenantStatusAction } from "../actions";
import { LocalTime } from "@/components/ui/local-time";
import { Badge } from "@/components/ui/badge";
import { listTenantReviewItems } from "@/lib/review/tenant-items";
import { ACTION_LABELS, OPEN_STATUSES, REVIEW_KINDS } from "@/lib/review/kinds";

export const metadata = { title: "Tenant" };

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const tenant = await getTenantView(id).catch((e) => (isAppError(e) && e.code === "NOT_FOUND" ? notFound() : Promise.reject(e)));
  const history = await listAuditEntries({ entityType: "tenant", entityId: id, page: 1, pageSize: 20 });
  const reviewItems = await listTenantReviewItems(id);
  const facts: [string, React.ReactNode][] = [
    ["Status", <TenantStatusBadge key="s" status={tenant.status} />],
    ["Plan", <span key="p" className="capitalize">{tenant.plan}</span>],
    ["Slug", tenant.slug],
    ["Contact email", tenant.contactEmail],
    ["Time zone", tenant.timezone],
    ["Created", <LocalTime key="c" value={tenant.createdAt} />],
    ...(tenant.statusReason ? ([["Last status reason", tenant.statusReason]] as [string, React.ReactNode][]) : []),
  ];
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={<Link href="/tenants" className="hover:underline">← All tenants</Link>}
        actions={
          <div className="flex gap-2">
            <Link href={`/rate-limits/${id}`} className={buttonClass("secondary")}>Rate limits</Link>
            <Link href={`/anomalies/baselines?tenant=${tenant.slug}`} className={buttonClass("secondary")}>Baselines</Link>
            <Link href={`/tenants/${id}/edit`} className={buttonClass("secondary")}>Edit</Link>
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-2">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
                <dd className="mt-0.5">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Status">
          <StatusForm tenantId={id} status={tenant.status} action={changeTenantStatusAction} />
        </Card>
      </div>
      {reviewItems.length > 0 && (
        <Card title="Review items" className="mt-6">
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {reviewItems.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <Badge tone={OPEN_STATUSES.includes(item.status) ? "amber" : "gray"}>{item.status.replace("_", " ")}</Badge>
                <Link href={`/review?item=${item.id}`} className="font-medium hover:underline">{REVIEW_KINDS[item.kind].label}</Link>
                {item.recommendedAction && <span className="text-slate-500">recommended: {ACTION_LABELS[item.recommendedAction].toLowerCase()} ({item.confidence})</span>}
                <span className="ml-auto text-xs text-slate-500"><LocalTime value={item.createdAt} /></span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="History" className="mt-6">
        <AuditList entries={history.rows} />
      </Card>
    </>
  );
}
