import { requirePageActor } from "@/app/_server/session";
import { NotAvailableYet } from "@/components/ui/not-available";

export const metadata = { title: "Jobs" };

export default async function Page() {
  await requirePageActor(["OWNER"]);
  return <NotAvailableYet title="Jobs" description="Queues, schedules, running and failed jobs will appear here. The worker already runs its heartbeat schedule (see Overview)." />;
}
