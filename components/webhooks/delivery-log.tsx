import type { WebhookEndpointDetail } from "@/lib/webhooks/queries";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Pagination } from "@/components/ui/pagination";
import { Table, cellClass, headCellClass } from "@/components/ui/table";

type Props = {
  log: WebhookEndpointDetail["log"];
  pending: number;
  endpointId: string;
  redeliver: FormAction;
};

const statusTone = (code: number | null) => (code !== null && code >= 200 && code < 300 ? "green" : "red");

/** Every attempt to the endpoint, newest first, with what it answered and a way to send it again. */
export function DeliveryLog({ log, pending, endpointId, redeliver }: Props) {
  return (
    <section aria-labelledby="delivery-log">
      <h2 id="delivery-log" className="mb-2 font-medium">
        Delivery log <span className="text-sm font-normal text-slate-500">({pending} waiting)</span>
      </h2>
      <Table
        head={["When", "Event", "Attempt", "Answer", ""].map((h) => (
          <th key={h} className={headCellClass}>
            {h}
          </th>
        ))}
        empty={
          log.rows.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">Nothing sent yet.</p>
          ) : undefined
        }
      >
        {log.rows.map((attempt) => (
          <tr key={attempt.id} data-testid="webhook-attempt">
            <td className={`${cellClass} text-slate-500`}>
              <LocalTime value={attempt.createdAt} />
            </td>
            <td className={`${cellClass} whitespace-normal`}>
              <code className="text-xs">{attempt.delivery.event.type}</code>
              <p className="font-mono text-[11px] text-slate-500">{attempt.delivery.eventId}</p>
            </td>
            <td className={cellClass}>#{attempt.attempt}</td>
            <td className={`${cellClass} max-w-56 whitespace-normal`}>
              <Badge tone={statusTone(attempt.statusCode)}>{attempt.statusCode ?? "no answer"}</Badge>{" "}
              <span className="text-xs text-slate-500">{attempt.latencyMs} ms</span>
              {(attempt.error || attempt.responseExcerpt) && (
                <p
                  className="truncate text-xs text-slate-500"
                  title={attempt.error ?? attempt.responseExcerpt ?? ""}
                >
                  {attempt.error ?? attempt.responseExcerpt}
                </p>
              )}
            </td>
            <td className={`${cellClass} text-right`}>
              <ActionForm
                action={redeliver}
                hidden={{ deliveryId: attempt.delivery.id, endpointId }}
                submit="Redeliver"
                variant="secondary"
                className="inline"
              />
            </td>
          </tr>
        ))}
      </Table>
      <Pagination
        page={log.page}
        pageCount={log.pageCount}
        total={log.total}
        params={{}}
        basePath={`/settings/webhooks/${endpointId}`}
      />
    </section>
  );
}
