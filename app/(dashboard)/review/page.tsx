import { requirePageActor } from "@/app/_server/session";
import { NotAvailableYet } from "@/components/ui/not-available";

export const metadata = { title: "Review queue" };

export default async function ReviewPage() {
  await requirePageActor(["OWNER", "REVIEWER"]);
  return <NotAvailableYet title="Review queue" description="Recommendations waiting for a human decision will appear here. The queue is empty for now." />;
}
