import { requirePageActor } from "@/app/_server/session";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { OnCallForm } from "@/components/alerts/on-call-form";
import { listOnCallOrder } from "@/lib/alerts/queries";
import { alertProviders } from "@/lib/env";
import { setOnCallOrderAction } from "./actions";

export const metadata = { title: "On-call order" };

export default async function OnCallPage() {
  await requirePageActor(["OWNER"]);
  const owners = await listOnCallOrder();
  return (
    <>
      <PageHeader
        title="On-call order"
        description={`An urgent alert goes to the first person; nobody acknowledges it within ${alertProviders().ALERT_ESCALATION_MINUTES} minutes, to the next; after the last, to every owner.`}
      />
      <Card className="max-w-2xl">
        <OnCallForm action={setOnCallOrderAction} owners={owners} />
      </Card>
    </>
  );
}
