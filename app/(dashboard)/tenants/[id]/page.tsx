import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { getTenantHeadline } from "@/lib/tenants/tenant-headline";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { StatusForm } from "@/components/tenants/status-form";
import { TenantTabs } from "@/components/tenants/tenant-tabs";
import { TenantHeader } from "@/components/tenants/sections/tenant-header";
import { DetailsSection } from "@/components/tenants/sections/details-section";
import { BillingSection } from "@/components/tenants/sections/billing-section";
import { TrafficSection } from "@/components/tenants/sections/traffic-section";
import { AnomaliesSection } from "@/components/tenants/sections/anomalies-section";
import { ReviewSection } from "@/components/tenants/sections/review-section";
import { DocumentsSection } from "@/components/tenants/sections/documents-section";
import { UsageSection } from "@/components/tenants/sections/usage-section";
import { WebhooksSection } from "@/components/tenants/sections/webhooks-section";
import { HistorySection } from "@/components/tenants/sections/history-section";
import { reactivateTenantAction, suspendTenantAction } from "../actions";
import { TenantEntitlementsCard } from "@/components/plans/tenant-entitlements-card";
import { removeOverrideAction, setOverrideAction } from "./entitlement-actions";

export const metadata = { title: "Tenant" };

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const headline = await orNotFound(getTenantHeadline(id));
  const { tenant } = headline;
  // Everything about the tenant, one section each (each loads its own data); a new section is one more entry.
  const sections: { key: string; wide?: boolean; node: React.ReactNode }[] = [
    { key: "details", node: <DetailsSection tenant={tenant} /> },
    {
      key: "status",
      node: (
        <Card title="Status">
          <StatusForm
            tenantId={id}
            status={tenant.status}
            suspend={suspendTenantAction}
            reactivate={reactivateTenantAction}
          />
        </Card>
      ),
    },
    { key: "billing", node: <BillingSection tenantId={id} /> },
    { key: "traffic", node: <TrafficSection tenantId={id} /> },
    { key: "anomalies", wide: true, node: <AnomaliesSection tenantId={id} /> },
    { key: "review", node: <ReviewSection tenantId={id} /> },
    { key: "documents", node: <DocumentsSection tenantId={id} /> },
    { key: "usage", node: <UsageSection tenantId={id} /> },
    {
      key: "plan",
      wide: true,
      node: (
        <TenantEntitlementsCard
          tenantId={id}
          setOverride={setOverrideAction}
          removeOverride={removeOverrideAction}
        />
      ),
    },
    { key: "webhooks", node: <WebhooksSection tenantId={id} /> },
    { key: "history", wide: true, node: <HistorySection tenantId={id} /> },
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
      <TenantHeader headline={headline} />
      <div className="grid gap-6 lg:grid-cols-2">
        {sections.map((section) => (
          <div
            key={section.key}
            className={`min-w-0 ${section.wide ? "lg:col-span-2" : ""}`}
            id={section.key}
          >
            {section.node}
          </div>
        ))}
      </div>
    </>
  );
}
