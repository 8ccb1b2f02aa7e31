"use server";

import { revalidatePath } from "next/cache";
import type { Action } from "@/lib/actions/define-action";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import {
  convertTrialManually,
  expireTrialNow,
  extendTrial,
  resendReminder,
} from "@/lib/billing/trial-actions";

const FORMS: Record<string, Action<unknown>> = {
  extendTrial,
  convertTrialManually,
  expireTrialNow,
  resendReminder,
};

/**
 * Every form of the trial page: the page binds which one (`submitTrialAction.bind(null, "extendTrial")`);
 * the lib action checks the role and input. On success the trial page refreshes, and with it the
 * list and cards under /trials that the change moves.
 */
export async function submitTrialAction(
  form: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  if (!Object.hasOwn(FORMS, form)) return { error: "Unknown form." };
  const values = formValues(formData);
  const result = await runAction(FORMS[form], values);
  if (!result.ok) return { error: result.error, fields: result.fields, values };
  revalidatePath("/trials", "layout");
  return { done: true };
}
