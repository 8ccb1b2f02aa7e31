"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { updateEmailTemplate } from "@/lib/notifications/update-email-template";
import { sendTestEmail } from "@/lib/notifications/send-test-email";

export async function updateEmailTemplateAction(
  _prev: FormState,
  formData: FormData,
): Promise<FormState & { saved?: boolean }> {
  const values = formValues(formData);
  const result = await runAction(updateEmailTemplate, values);
  if (!result.ok) return { ...result, values };
  revalidatePath("/settings/email-templates");
  return { values, saved: true };
}

export async function sendTestEmailAction(
  _prev: FormState & { sent?: boolean },
  formData: FormData,
): Promise<FormState & { sent?: boolean }> {
  const result = await runAction(sendTestEmail, { key: formData.get("key") });
  return result.ok ? { sent: true } : result;
}
