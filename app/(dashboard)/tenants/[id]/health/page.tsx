import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DocumentUploadForm } from "@/components/documents/document-upload-form";
import { TenantDocuments } from "@/components/documents/tenant-documents";
import { UsageSummary } from "@/components/usage/usage-summary";
import { TenantReviewItems } from "@/components/tenants/tenant-review-items";
import { TenantTabs } from "@/components/tenants/tenant-tabs";
import { expiringWithinDays, getTenantDocuments } from "@/lib/documents/queries";
import { ACCEPTED_FILE_TYPES } from "@/lib/documents/storage";
import { env } from "@/lib/env";
import { OPEN_STATUSES } from "@/lib/review/statuses";
import { listTenantReviewItems } from "@/lib/review/queries/tenant-items";
import { getTenantView } from "@/lib/tenants/queries";
import { getTenantUsageHealth } from "@/lib/usage/queries";

export const metadata = { title: "Tenant health" };

// Enough of the latest items that the open ones are among them: open items are few, decided ones pile up.
const REVIEW_ITEMS_READ = 50;

export default async function TenantHealthPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const tenant = await orNotFound(getTenantView(id));
  const [documents, usage, reviewItems] = await Promise.all([
    getTenantDocuments(id),
    getTenantUsageHealth(id),
    listTenantReviewItems(id, REVIEW_ITEMS_READ),
  ]);
  const openItems = reviewItems.filter((item) => OPEN_STATUSES.includes(item.status));
  const limits = { accept: ACCEPTED_FILE_TYPES, maxBytes: env().DOCUMENT_MAX_BYTES };
  const warnWithin = expiringWithinDays();
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={
          <Link href="/tenants" className="hover:underline">
            ← All tenants
          </Link>
        }
      />
      <TenantTabs tenantId={id} current="health" />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Documents" className="lg:col-span-2">
          <TenantDocuments documents={documents} warnWithin={warnWithin} limits={limits} />
        </Card>
        <Card title="Add a document">
          <DocumentUploadForm tenantId={id} limits={limits} requiredTypes={env().DOCUMENT_REQUIRED_TYPES} />
        </Card>
      </div>
      <Card title="Usage" className="mt-6">
        <UsageSummary usage={usage} />
      </Card>
      <Card title="Open recommendations" className="mt-6">
        {openItems.length ? (
          <TenantReviewItems items={openItems} />
        ) : (
          <p className="text-sm text-slate-500">Nothing waiting for a decision.</p>
        )}
      </Card>
    </>
  );
}
