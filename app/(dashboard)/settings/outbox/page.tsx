import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { listOutbox, outboxDir } from "@/lib/email/outbox";
import { PageHeader } from "@/components/ui/page-header";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { CaughtProviderMessages } from "@/components/alerts/caught-provider-messages";
import { listCaughtProviderMessages } from "@/lib/alerts/queries";

export const metadata = { title: "Outbox" };

export default async function OutboxPage() {
  await requirePageActor(["OWNER"]);
  if (!outboxDir()) {
    return (
      <>
        <PageHeader title="Outbox" />
        <p className="text-sm text-slate-500">
          Steward sends through your SMTP server (SMTP_URL), so there is no local outbox. The Email log lists
          every delivery.
        </p>
        <CaughtProviderMessages messages={listCaughtProviderMessages()} />
      </>
    );
  }
  const messages = await listOutbox();
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Mail caught by the local SMTP server of the development launcher (nothing leaves this machine)."
      />
      <Table
        head={["Received", "To", "Subject", "From"].map((h) => (
          <th key={h} className={headCellClass}>
            {h}
          </th>
        ))}
        empty={
          messages.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">No mail yet.</p>
          ) : undefined
        }
      >
        {messages.map((m) => (
          <tr key={m.id}>
            <td className={`${cellClass} text-slate-500`}>
              <LocalTime value={m.receivedAt} />
            </td>
            <td className={cellClass}>{m.to}</td>
            <td className={cellClass}>
              <Link
                href={`/settings/outbox/${m.id}`}
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {m.subject}
              </Link>
            </td>
            <td className={`${cellClass} text-slate-500`}>{m.from}</td>
          </tr>
        ))}
      </Table>
      <CaughtProviderMessages messages={listCaughtProviderMessages()} />
    </>
  );
}
