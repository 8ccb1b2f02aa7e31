import { requirePageActor } from "@/app/_server/session";
import { PageHeader } from "@/components/ui/page-header";
import { TenantForm } from "@/components/tenants/tenant-form";
import { planValues } from "@/lib/tenants/schemas";
import { createTenantAction } from "../actions";

export const metadata = { title: "New tenant" };

export default async function NewTenantPage() {
  await requirePageActor(["OWNER"]);
  return (
    <>
      <PageHeader title="New tenant" />
      <TenantForm
        plans={planValues}
        action={createTenantAction}
        submitLabel="Create tenant"
        initial={{ name: "", slug: "", plan: "", contactEmail: "", timezone: "UTC" }}
      />
    </>
  );
}
