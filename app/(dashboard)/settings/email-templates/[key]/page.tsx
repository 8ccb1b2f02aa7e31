import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { getEmailTemplateOrThrow } from "@/lib/email/queries";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateEditor } from "@/components/email/template-editor";
import { sendTestEmailAction, updateEmailTemplateAction } from "../actions";

export const metadata = { title: "Edit email template" };

export default async function EditEmailTemplatePage({ params }: { params: Promise<{ key: string }> }) {
  await requirePageActor(["OWNER"]);
  const { key } = await params;
  const template = await orNotFound(getEmailTemplateOrThrow(key));
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
