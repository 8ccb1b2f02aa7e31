import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/app/_server/session";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { ImportProgress } from "@/components/tenants/import/import-progress";
import { isAppError } from "@/lib/errors";
import { getTenantImportProgress } from "@/lib/tenants/tenant-import-queries";

export const metadata = { title: "Tenant import" };

export default async function TenantImportProgressPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const progress = await getTenantImportProgress(decodeURIComponent(id)).catch((error) =>
    isAppError(error) && error.code === "NOT_FOUND" ? notFound() : Promise.reject(error),
  );
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
