"use server";

import { revalidatePath } from "next/cache";
import type { Action } from "@/lib/actions/define-action";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { updateGlobalPolicy, updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { addIpListEntry, removeIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { banIp, liftBan } from "@/lib/rate-limits/bans";
import { resetIpCounters } from "@/lib/rate-limits/counters";

const FORMS: Record<string, Action<unknown>> = {
  updateGlobalPolicy,
  updateTenantPolicy,
  addIpListEntry,
  removeIpListEntry,
  banIp,
  liftBan,
  resetIpCounters,
};

/**
 * Every form of the rate-limit pages: the page binds which one (`submitRateLimitForm.bind(null, "banIp")`);
 * the lib action checks the role and input, and the pages refresh on success.
 */
export async function submitRateLimitForm(
  form: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  if (!Object.hasOwn(FORMS, form)) return { error: "Unknown form." };
  const values = formValues(formData);
  const result = await runAction(FORMS[form], values);
  if (!result.ok) return { error: result.error, fields: result.fields, values };
  revalidatePath("/rate-limits", "layout");
  return { done: true };
}
