"use server";

import { serverAction } from "@/app/_server/server-action";
import { createTenant } from "@/lib/tenants/create-tenant";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { reactivateTenant, suspendTenant } from "@/lib/tenants/change-tenant-status";

const tenantPage = (tenant: { id: string }) => `/tenants/${tenant.id}`;

export const createTenantAction = serverAction(createTenant, { redirectTo: tenantPage });
export const updateTenantAction = serverAction(updateTenant, { redirectTo: tenantPage });

// The reason goes into the audit log with the change.
const statusChange = (form: FormData) => ({ id: form.get("id"), reason: form.get("reason") });
export const suspendTenantAction = serverAction(suspendTenant, {
  fromForm: statusChange,
  revalidate: "/tenants",
});
export const reactivateTenantAction = serverAction(reactivateTenant, {
  fromForm: statusChange,
  revalidate: "/tenants",
});
