"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { updateEmailTemplate } from "@/lib/notifications/update-email-template";

export async function updateEmailTemplateAction(_prev: FormState, formData: FormData): Promise<FormState & { saved?: boolean }> {
  const values = formValues(formData);
  const result = await runAction(updateEmailTemplate, values);
  if (!result.ok) return { ...result, values };
  revalidatePath("/settings/email-templates");
  return { values, saved: true };
}
