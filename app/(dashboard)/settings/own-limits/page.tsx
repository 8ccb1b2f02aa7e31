import { requirePageActor } from "@/app/_server/session";
import { readOwnLimits } from "@/lib/rate-limits/own-limits";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { OwnLimitsForm } from "@/components/settings/own-limits-form";
import { updateOwnLimitsAction } from "./actions";

export const metadata = { title: "Own limits" };

export default async function OwnLimitsPage() {
  await requirePageActor(["OWNER"]);
  const limits = await readOwnLimits();
  return (
    <>
      <PageHeader
        title="Own limits"
        description="How often machines may call Steward's API and how often anyone may try to sign in, counted by Steward's own rate-limit engine."
      />
      <div className="max-w-xl">
        <Card title="Limits per minute">
          <OwnLimitsForm limits={limits} action={updateOwnLimitsAction} />
        </Card>
      </div>
    </>
  );
}
