import { z } from "zod";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { getWebhookEndpointDetail } from "@/lib/webhooks/queries";
import { SECRET_OVERLAP_HOURS } from "@/lib/webhooks/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { ActionForm } from "@/components/ui/action-form";
import { EndpointSettingsForm } from "@/components/webhooks/endpoint-settings-form";
import { RotateSecretForm } from "@/components/webhooks/rotate-secret-form";
import { ReplayForm } from "@/components/webhooks/replay-form";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { SendTestForm } from "@/components/webhooks/send-test-form";
import {
  deleteEndpointAction,
  redeliverAction,
  replayAction,
  rotateSecretAction,
  sendTestAction,
  updateEndpointAction,
} from "../actions";

export const metadata = { title: "Webhook endpoint" };

// Out of range is the nearest page, anything else the first.
const deliveriesQuery = z.object({
  page: z.coerce
    .number()
    .catch(1)
    .transform((n) => Math.max(1, Math.min(10_000, n || 1))),
});

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const { page } = parsePageSearchParams(deliveriesQuery, await searchParams).values;
  const detail = await orNotFound(getWebhookEndpointDetail(id, page));
  const { endpoint } = detail;
  return (
    <>
      <PageHeader
        title={new URL(endpoint.url).host}
        description={
          <span className="break-all">
            {endpoint.url}{" "}
            {endpoint.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="red">disabled</Badge>}
            {endpoint.disabledReason && (
              <span className="ml-2 text-rose-600">
                Disabled <LocalTime value={endpoint.disabledAt} />: {endpoint.disabledReason}
              </span>
            )}
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <DeliveryLog
            log={detail.log}
            pending={detail.pending}
            endpointId={endpoint.id}
            redeliver={redeliverAction}
          />
        </div>
        <div className="space-y-6 lg:col-span-2">
          <Card title="Send a test event">
            <SendTestForm id={endpoint.id} action={sendTestAction} />
          </Card>
          <Card title="Replay after an outage">
            <ReplayForm id={endpoint.id} action={replayAction} />
          </Card>
          <Card title="Signing secret">
            <p className="mb-3 text-sm text-slate-500">
              {endpoint.secrets.length === 1
                ? "One secret signs."
                : `${endpoint.secrets.length} secrets sign during the rotation.`}{" "}
              {endpoint.secrets
                .filter((secret) => secret.expiresAt)
                .map((secret) => (
                  <span key={secret.id}>
                    The old one stops at <LocalTime value={secret.expiresAt} />.{" "}
                  </span>
                ))}
            </p>
            <RotateSecretForm id={endpoint.id} overlaps={SECRET_OVERLAP_HOURS} action={rotateSecretAction} />
          </Card>
          <Card title="Settings">
            <EndpointSettingsForm endpoint={endpoint} action={updateEndpointAction} />
          </Card>
          <Card title="Delete">
            <ActionForm
              action={deleteEndpointAction}
              hidden={{ id: endpoint.id }}
              submit="Delete endpoint"
              variant="danger"
            />
          </Card>
        </div>
      </div>
    </>
  );
}
