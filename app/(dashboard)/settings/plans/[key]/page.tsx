import { requirePageActor } from "@/app/_server/session";
import { orNotFound } from "@/app/_server/or-not-found";
import { formatMoney } from "@/lib/billing/format";
import { previewPlanMove } from "@/lib/plans/move-plan-tenants";
import { getPlanOrThrow } from "@/lib/plans/queries";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { LimitsSummary } from "@/components/plans/limits-summary";
import { PlanForm } from "@/components/plans/plan-form";
import { PlanMoveCard } from "@/components/plans/plan-move-card";
import { movePlanTenantsAction, updatePlanAction } from "../actions";

export const metadata = { title: "Plan" };

export default async function PlanPage({ params }: { params: Promise<{ key: string }> }) {
  await requirePageActor(["OWNER"]);
  const plan = await orNotFound(getPlanOrThrow((await params).key));
  const preview = await previewPlanMove(plan.key);
  return (
    <>
      <PageHeader
        title={plan.name}
        description={`Plan key ${plan.key}; version ${plan.current.version} applies to new subscriptions.`}
      />
      <div className="grid gap-6 xl:grid-cols-5">
        <div className="xl:col-span-3">
          <Card title="Plan">
            <PlanForm plan={plan} action={updatePlanAction} />
          </Card>
        </div>
        <div className="space-y-6 xl:col-span-2">
          <PlanMoveCard preview={preview} currency={plan.currency} action={movePlanTenantsAction} />
          <Card title="Versions">
            <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
              {plan.versions.map((v) => (
                <li key={v.id} className="space-y-1 py-2">
                  <p>
                    <span className="font-medium">v{v.version}</span> ·{" "}
                    {formatMoney(v.monthlyPriceMinor, plan.currency)} / month,{" "}
                    {formatMoney(v.yearlyPriceMinor, plan.currency)} / year · {v.tenants} tenant
                    {v.tenants === 1 ? "" : "s"} · <LocalTime value={v.createdAt} />
                  </p>
                  <LimitsSummary limits={v.limits} features={v.features} />
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </>
  );
}
