import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { ImportProgress } from "@/components/tenants/import/import-progress";
import { getTenantImportProgress } from "@/lib/tenants/tenant-import-queries";

export const metadata = { title: "Tenant import" };

export default async function TenantImportProgressPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const progress = await orNotFound(getTenantImportProgress(decodeURIComponent(id)));
  return (
    <>
      <PageHeader
        title={`Import of ${progress.fileName}`}
        description={
          <>
            <Link href="/tenants/import" className="hover:underline">
              ← Import tenants
            </Link>{" "}
            · started <LocalTime value={progress.createdAt} />
          </>
        }
      />
      <Card className="max-w-4xl">
        <ImportProgress initial={progress} />
      </Card>
    </>
  );
}
