"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { createTenant } from "@/lib/tenants/create-tenant";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { reactivateTenant, suspendTenant } from "@/lib/tenants/change-tenant-status";

export async function createTenantAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const result = await runAction(createTenant, values);
  if (!result.ok) return { ...result, values };
  redirect(`/tenants/${result.data.id}`);
}

export async function updateTenantAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const result = await runAction(updateTenant, values);
  if (!result.ok) return { ...result, values };
  redirect(`/tenants/${result.data.id}`);
}

export async function changeTenantStatusAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const action = values.change === "reactivate" ? reactivateTenant : suspendTenant;
  const result = await runAction(action, { id: values.id, reason: values.reason });
  if (!result.ok) return { ...result, values };
  revalidatePath(`/tenants/${values.id}`);
  return {};
}
