import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { getTenantView } from "@/lib/tenants/queries";
import { listAuditEntries } from "@/lib/audit/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { TenantStatusBadge } from "@/components/ui/badge";
import { StatusForm } from "@/components/tenants/status-form";
import { AuditList } from "@/components/audit/audit-list";
import { reactivateTenantAction, suspendTenantAction } from "../actions";
import { LocalTime } from "@/components/ui/local-time";
import { listTenantReviewItems } from "@/lib/review/queries/tenant-items";
import { TenantReviewItems } from "@/components/tenants/tenant-review-items";
import { TenantTabs } from "@/components/tenants/tenant-tabs";
import { TenantEntitlementsCard } from "@/components/plans/tenant-entitlements-card";
import { removeOverrideAction, setOverrideAction } from "./entitlement-actions";

export const metadata = { title: "Tenant" };

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const tenant = await orNotFound(getTenantView(id));
  const history = await listAuditEntries({ entityType: "tenant", entityId: id, page: 1, pageSize: 20 });
  const reviewItems = await listTenantReviewItems(id);
  const facts: [string, React.ReactNode][] = [
    ["Status", <TenantStatusBadge key="s" status={tenant.status} />],
    [
      "Plan",
      <span key="p" className="capitalize">
        {tenant.plan}
      </span>,
    ],
    ["Slug", tenant.slug],
    ["Contact email", tenant.contactEmail],
    ["Time zone", tenant.timezone],
    ["Created", <LocalTime key="c" value={tenant.createdAt} />],
    ...(tenant.statusReason
      ? ([["Last status reason", tenant.statusReason]] as [string, React.ReactNode][])
      : []),
  ];
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={
          <Link href="/tenants" className="hover:underline">
            ← All tenants
          </Link>
        }
        actions={
          <div className="flex gap-2">
            <Link href={`/rate-limits/${id}`} className={buttonClass("secondary")}>
              Rate limits
            </Link>
            <Link href={`/anomalies/baselines?tenant=${tenant.slug}`} className={buttonClass("secondary")}>
              Baselines
            </Link>
            <Link href={`/tenants/${id}/edit`} className={buttonClass("secondary")}>
              Edit
            </Link>
          </div>
        }
      />
      <TenantTabs tenantId={id} current="overview" />
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
          <StatusForm
            tenantId={id}
            status={tenant.status}
            suspend={suspendTenantAction}
            reactivate={reactivateTenantAction}
          />
        </Card>
      </div>
      <TenantEntitlementsCard
        tenantId={id}
        setOverride={setOverrideAction}
        removeOverride={removeOverrideAction}
      />
      {reviewItems.length > 0 && (
        <Card title="Review items" className="mt-6">
          <TenantReviewItems items={reviewItems} />
        </Card>
      )}
      <Card title="History" className="mt-6">
        <AuditList entries={history.rows} />
      </Card>
    </>
  );
}
