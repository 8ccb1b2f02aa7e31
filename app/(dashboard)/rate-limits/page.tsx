import { requirePageActor } from "@/app/_server/session";
import { NotAvailableYet } from "@/components/ui/not-available";

export const metadata = { title: "Rate limits" };

export default async function Page() {
  await requirePageActor(["OWNER"]);
  return <NotAvailableYet title="Rate limits" description="Per-tenant IP rate limiting, allow and deny lists, violations and bans will appear here." />;
}
