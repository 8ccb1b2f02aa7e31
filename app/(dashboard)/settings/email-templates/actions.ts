"use server";

import { serverAction } from "@/app/_server/server-action";
import { updateEmailTemplate } from "@/lib/email/update-email-template";
import { sendTestEmail } from "@/lib/email/send-test-email";

export const updateEmailTemplateAction = serverAction(updateEmailTemplate, {
  revalidate: "/settings/email-templates",
});

export const sendTestEmailAction = serverAction(sendTestEmail, {
  fromForm: (form) => ({ key: form.get("key") }),
});
