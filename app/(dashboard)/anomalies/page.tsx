import { requirePageActor } from "@/app/_server/session";
import { NotAvailableYet } from "@/components/ui/not-available";

export const metadata = { title: "Anomalies" };

export default async function Page() {
  await requirePageActor(["OWNER"]);
  return <NotAvailableYet title="Anomalies" description="Per-tenant metrics, baselines and detected anomalies will appear here." />;
}
