import Link from "next/link";
import { tenantWebhookDeliveries } from "@/lib/webhooks/tenant-deliveries";
import { Card } from "@/components/ui/card";
import { Badge, type Tone } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { sectionLinkClass } from "./link-class";

const TONES: Record<string, Tone> = { succeeded: "green", pending: "amber", failed: "red" };

/** The latest webhook deliveries of the tenant's events, each linking to its endpoint's log. */
export async function WebhooksSection({ tenantId }: { tenantId: string }) {
  const deliveries = await tenantWebhookDeliveries(tenantId);
  return (
    <Card title="Webhook deliveries">
      {deliveries.length === 0 ? (
        <p className="text-sm text-slate-500">No webhook sent for this tenant yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {deliveries.map((delivery) => (
            <li key={delivery.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
              <span className="font-mono text-xs">{delivery.event.type}</span>
              <Badge tone={TONES[delivery.status] ?? "gray"}>{delivery.status}</Badge>
              <Link
                href={`/settings/webhooks/${delivery.endpoint.id}`}
                className={`max-w-56 truncate text-xs ${sectionLinkClass}`}
              >
                {delivery.endpoint.url}
              </Link>
              <span className="ml-auto text-xs text-slate-500">
                <LocalTime value={delivery.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
