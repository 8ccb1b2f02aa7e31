import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { emailLogQuerySchema, listEmailLog } from "@/lib/email/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "Email log" };

const STATUS_TONES = { queued: "blue", sent: "green", failed: "red" } as const;

export default async function EmailLogPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: query } = parsePageSearchParams(emailLogQuerySchema, await searchParams);
  const page = await listEmailLog(query);
  const filterClass =
    "rounded-full px-3 py-1 text-sm aria-[current=true]:bg-indigo-600 aria-[current=true]:text-white hover:bg-slate-100 dark:hover:bg-slate-800";
  return (
    <>
      <PageHeader
        title="Email log"
        description="Every notification Steward was asked to send, once per dedupe key."
      />
      <nav className="mb-4 flex gap-2" aria-label="Status">
        {[undefined, "queued", "sent", "failed"].map((status) => (
          <Link
            key={status ?? "all"}
            href={status ? `/settings/email-log?status=${status}` : "/settings/email-log"}
            aria-current={query.status === status}
            className={filterClass}
          >
            {status ?? "all"}
          </Link>
        ))}
      </nav>
      <Table
        head={["Created", "Template", "Recipient", "Status", "Attempts", "Sent", "Provider id / error"].map(
          (h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ),
        )}
        empty={
          page.rows.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">No emails yet.</p>
          ) : undefined
        }
      >
        {page.rows.map((row) => (
          <tr key={row.id}>
            <td className={`${cellClass} text-slate-500`}>
              <LocalTime value={row.createdAt} />
            </td>
            <td className={`${cellClass} font-mono text-xs`}>{row.templateKey}</td>
            <td className={cellClass}>{row.recipient}</td>
            <td className={cellClass}>
              <Badge tone={STATUS_TONES[row.status]}>{row.status}</Badge>
            </td>
            <td className={`${cellClass} tabular-nums`}>{row.attempts}</td>
            <td className={`${cellClass} text-slate-500`}>
              {row.sentAt ? <LocalTime value={row.sentAt} /> : "—"}
            </td>
            <td
              className={`${cellClass} max-w-xs truncate text-xs`}
              title={row.error ?? row.providerMessageId ?? ""}
            >
              {row.error ? <span className="text-rose-600">{row.error}</span> : row.providerMessageId}
            </td>
          </tr>
        ))}
      </Table>
      <Pagination
        basePath="/settings/email-log"
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        params={{ status: query.status }}
      />
    </>
  );
}
