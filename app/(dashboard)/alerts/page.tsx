import { requirePageActor } from "@/app/_server/session";
import { PageHeader } from "@/components/ui/page-header";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { Badge, type Tone } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { ActionForm } from "@/components/ui/action-form";
import { ALERT_CLASSES } from "@/lib/alerts/alert-classes";
import { channelLabel, listRecentAlerts } from "@/lib/alerts/queries";
import { acknowledgeAlertAction } from "./actions";

export const metadata = { title: "Alerts" };

const deliveryTones: Record<string, Tone> = {
  sent: "green",
  queued: "blue",
  held: "amber",
  digested: "gray",
  failed: "red",
};

function State({ alert }: { alert: Awaited<ReturnType<typeof listRecentAlerts>>[number] }) {
  if (alert.resolvedAt) return <Badge tone="green">resolved</Badge>;
  if (alert.acknowledgedAt)
    return (
      <div data-testid="acknowledged">
        <Badge tone="blue">acknowledged</Badge>
        <p className="break-words">by {alert.acknowledgedVia}</p>
      </div>
    );
  return <Badge tone={alert.urgent ? "red" : "amber"}>open</Badge>;
}

export default async function AlertsPage() {
  await requirePageActor(["OWNER"]);
  const alerts = await listRecentAlerts();
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Every alert with where it went: one delivery per person and channel, with the provider's answer. Urgent alerts escalate until acknowledged."
      />
      <Table
        head={["Alert", "State", "Deliveries", ""].map((h, i) => (
          <th key={i} className={headCellClass}>
            {h || <span className="sr-only">Actions</span>}
          </th>
        ))}
        empty={
          alerts.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">No alerts yet.</p>
          ) : undefined
        }
      >
        {alerts.map((alert) => (
          <tr key={alert.id} data-testid="alert-row" className="align-top">
            <td className="px-4 py-2.5">
              <div className="w-60">
                <p className="truncate font-medium" title={alert.title}>
                  {alert.title}
                </p>
                <p className="text-xs text-slate-500">
                  {alert.alertClass ? ALERT_CLASSES[alert.alertClass].label : ""}
                  {alert.urgent ? " · urgent" : ""}
                </p>
                <p className="text-xs text-slate-500">
                  <LocalTime value={alert.createdAt} />
                </p>
              </div>
            </td>
            <td className="px-4 py-2.5">
              <div className="w-44 space-y-1 text-xs text-slate-500">
                <State alert={alert} />
                {alert.urgent && <p>Escalation level {alert.escalationLevel}</p>}
                {alert.nextEscalationAt && (
                  <p>
                    next <LocalTime value={alert.nextEscalationAt} />
                  </p>
                )}
              </div>
            </td>
            <td className="px-4 py-2.5">
              <div className="w-72">
                <ul className="flex flex-wrap gap-1">
                  {alert.deliveries.map((d) => (
                    <li key={d.id} title={d.error ?? undefined}>
                      <Badge tone={deliveryTones[d.status]}>
                        {channelLabel(d.channel)}
                        {d.purpose !== "trigger" ? ` ${d.purpose}` : ""}: {d.status}
                        {d.lastStatusCode ? ` (${d.lastStatusCode})` : ""}
                      </Badge>
                    </li>
                  ))}
                </ul>
                {alert.deliveries
                  .filter((d) => d.status === "failed" && d.error)
                  .map((d) => (
                    <p
                      key={d.id}
                      className="mt-1 truncate text-xs text-rose-600 dark:text-rose-400"
                      title={d.error!}
                    >
                      {d.error}
                    </p>
                  ))}
              </div>
            </td>
            <td className={`${cellClass} text-right`}>
              {!alert.acknowledgedAt && !alert.resolvedAt && (
                <ActionForm
                  action={acknowledgeAlertAction}
                  hidden={{ notificationId: alert.id }}
                  submit="Acknowledge"
                  variant="secondary"
                />
              )}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
