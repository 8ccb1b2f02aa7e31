import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { listEmailTemplates } from "@/lib/email/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "Email templates" };

export default async function EmailTemplatesPage() {
  await requirePageActor(["OWNER"]);
  const templates = await listEmailTemplates();
  return (
    <>
      <PageHeader
        title="Email templates"
        description="The emails automations send. Reword them freely; each can use only its own variables."
      />
      <Table
        head={["Template", "Subject", "Variables", "Updated"].map((h) => (
          <th key={h} className={headCellClass}>
            {h}
          </th>
        ))}
      >
        {templates.map((t) => (
          <tr key={t.key}>
            <td className={cellClass}>
              <Link
                href={`/settings/email-templates/${t.key}`}
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {t.name}
              </Link>
              <p className="text-xs text-slate-500">{t.description}</p>
            </td>
            <td className={`${cellClass} max-w-sm truncate`}>{t.subject}</td>
            <td className={`${cellClass} font-mono text-xs`}>
              {t.variables.map((v) => `{{${v}}}`).join(" ")}
            </td>
            <td className={`${cellClass} text-slate-500`}>
              <LocalTime value={t.updatedAt} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
