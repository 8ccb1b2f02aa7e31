import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { getTenantView } from "@/lib/tenants/queries";
import { PageHeader } from "@/components/ui/page-header";
import { TenantForm } from "@/components/tenants/tenant-form";
import { planValues } from "@/lib/tenants/schemas";
import { updateTenantAction } from "../../actions";

export const metadata = { title: "Edit tenant" };

export default async function EditTenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const tenant = await orNotFound(getTenantView((await params).id));
  return (
    <>
      <PageHeader title={`Edit ${tenant.name}`} />
      <TenantForm
        plans={planValues}
        action={updateTenantAction}
        submitLabel="Save changes"
        initial={tenant}
      />
    </>
  );
}
