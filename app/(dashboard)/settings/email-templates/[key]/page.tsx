import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/app/_server/session";
import { getEmailTemplateOrThrow } from "@/lib/notifications/queries";
import { isAppError } from "@/lib/errors";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateEditor } from "@/components/notifications/template-editor";
import { sendTestEmailAction, updateEmailTemplateAction } from "../actions";

export const metadata = { title: "Edit email template" };

export default async function EditEmailTemplatePage({ params }: { params: Promise<{ key: string }> }) {
  await requirePageActor(["OWNER"]);
  const { key } = await params;
  const template = await getEmailTemplateOrThrow(key).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? notFound() : Promise.reject(e),
  );
  return (
    <>
      <PageHeader
        title={template.name}
        description={
          <Link href="/settings/email-templates" className="hover:underline">
            ← All templates
          </Link>
        }
      />
      <TemplateEditor
        action={updateEmailTemplateAction}
        sendTest={sendTestEmailAction}
        template={{
          key: template.key,
          subject: template.subject,
          html: template.html,
          text: template.text,
          variables: template.variables,
        }}
      />
    </>
  );
}
