import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { getOutboxMessage } from "@/lib/email/outbox";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "Outbox message" };

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const message = await orNotFound(getOutboxMessage((await params).id));
  return (
    <>
      <PageHeader
        title={message.subject}
        description={
          <Link href="/settings/outbox" className="hover:underline">
            ← Outbox
          </Link>
        }
      />
      <Card>
        <dl className="mb-4 grid grid-cols-[6rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">From</dt>
          <dd>{message.from}</dd>
          <dt className="text-slate-500">To</dt>
          <dd>{message.to}</dd>
          <dt className="text-slate-500">Received</dt>
          <dd>
            <LocalTime value={message.receivedAt} />
          </dd>
          <dt className="text-slate-500">Message-ID</dt>
          <dd className="font-mono text-xs">{message.messageId}</dd>
        </dl>
        {/* The sandbox keeps scripts and links in a received mail from touching Steward. */}
        {message.html && (
          <iframe
            title="Message"
            sandbox=""
            srcDoc={message.html}
            className="mb-4 h-96 w-full rounded border border-slate-200 bg-white dark:border-slate-700"
          />
        )}
        <pre
          className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs dark:bg-slate-800"
          data-testid="outbox-text"
        >
          {message.text}
        </pre>
      </Card>
    </>
  );
}
