import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { listWebhookEndpoints } from "@/lib/webhooks/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { CreateEndpointForm } from "@/components/webhooks/create-endpoint-form";
import { createEndpointAction } from "./actions";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageActor(["OWNER"]);
  const endpoints = await listWebhookEndpoints();
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Steward sends every decision to these endpoints as signed events (Standard Webhooks)."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          <Table
            head={["Endpoint", "Events", "Last 24 h", "Waiting"].map((h) => (
              <th key={h} className={headCellClass}>
                {h}
              </th>
            ))}
            empty={
              endpoints.length === 0 ? (
                <p className="p-8 text-center text-sm text-slate-500">No endpoints yet.</p>
              ) : undefined
            }
          >
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <td className={`${cellClass} max-w-72 whitespace-normal`}>
                  <Link
                    href={`/settings/webhooks/${endpoint.id}`}
                    className="break-all font-medium text-indigo-600 hover:underline"
                  >
                    {endpoint.url}
                  </Link>
                  {endpoint.description && <p className="text-xs text-slate-500">{endpoint.description}</p>}
                  {!endpoint.enabled && <Badge tone="red">disabled</Badge>}
                  {endpoint.enabled && endpoint.failingSince && (
                    <p className="text-xs text-amber-700 dark:text-amber-400">
                      <Badge tone="amber">failing</Badge> since <LocalTime value={endpoint.failingSince} />
                    </p>
                  )}
                </td>
                <td className={cellClass}>{endpoint.eventTypes.length}</td>
                <td className={cellClass}>
                  {endpoint.lastDay.delivered} delivered
                  {endpoint.lastDay.failed > 0 && (
                    <span className="text-rose-600">, {endpoint.lastDay.failed} failed</span>
                  )}
                </td>
                <td className={cellClass}>{endpoint.pending}</td>
              </tr>
            ))}
          </Table>
        </div>
        <div className="lg:col-span-2">
          <Card title="Add an endpoint">
            <CreateEndpointForm action={createEndpointAction} />
          </Card>
        </div>
      </div>
    </>
  );
}
