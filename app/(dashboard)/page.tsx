import { redirect } from "next/navigation";
import { currentActor, requirePageActor } from "@/app/_server/session";
import { getOverview } from "@/lib/overview/queries";
import { PageHeader } from "@/components/ui/page-header";
import { OverviewLive } from "@/components/overview/overview-live";
import { RevenueOverviewCard } from "@/components/revenue/revenue-overview-card";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  // Reviewers land on their own area rather than on a refusal.
  if ((await currentActor())?.role === "REVIEWER") redirect("/review");
  await requirePageActor(["OWNER"]);
  const overview = await getOverview("OWNER");
  return (
    <>
      <PageHeader title="Overview" description="What needs you today, and how the platform is doing" />
      <OverviewLive initial={JSON.parse(JSON.stringify(overview))} />
      <RevenueOverviewCard />
    </>
  );
}
