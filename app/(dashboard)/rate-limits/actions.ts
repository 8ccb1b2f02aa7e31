"use server";

import { revalidatePath } from "next/cache";
import type { Action } from "@/lib/actions/define-action";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { updateGlobalPolicy, updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { addIpListEntry, removeIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { banIp, liftBan } from "@/lib/rate-limits/bans";
import { resetIpCounters } from "@/lib/rate-limits/counters";

/** Runs a lib action with the form's fields, refreshing the rate-limit pages on success. */
async function submit(action: Action<unknown>, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const result = await runAction(action, values);
  if (!result.ok) return { error: result.error, fields: result.fields, values };
  revalidatePath("/rate-limits", "layout");
  return { done: true };
}

export async function updateGlobalPolicyAction(_prev: FormState, formData: FormData) {
  return submit(updateGlobalPolicy, formData);
}
export async function updateTenantPolicyAction(_prev: FormState, formData: FormData) {
  return submit(updateTenantPolicy, formData);
}
export async function addIpListEntryAction(_prev: FormState, formData: FormData) {
  return submit(addIpListEntry, formData);
}
export async function removeIpListEntryAction(_prev: FormState, formData: FormData) {
  return submit(removeIpListEntry, formData);
}
export async function banIpAction(_prev: FormState, formData: FormData) {
  return submit(banIp, formData);
}
export async function liftBanAction(_prev: FormState, formData: FormData) {
  return submit(liftBan, formData);
}
export async function resetIpCountersAction(_prev: FormState, formData: FormData) {
  return submit(resetIpCounters, formData);
}
