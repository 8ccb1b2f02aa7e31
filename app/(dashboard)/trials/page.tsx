import { requirePageActor } from "@/app/_server/session";
import { NotAvailableYet } from "@/components/ui/not-available";

export const metadata = { title: "Trials" };

export default async function Page() {
  await requirePageActor(["OWNER"]);
  return <NotAvailableYet title="Trials" description="Trial lifecycle automation, reminders, conversions and failed-payment recovery will appear here." />;
}
