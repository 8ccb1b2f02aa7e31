import { requirePageActor } from "@/app/_server/session";
import { orNotFound } from "@/app/_server/or-not-found";
import { formatMoney } from "@/lib/billing/format";
import { previewPlanMove } from "@/lib/plans/move-plan-tenants";
import { getPlanOrThrow } from "@/lib/plans/queries";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
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
            <Table
              head={["Version", "Prices", "Tenants"].map((h) => (
                <th key={h} className={headCellClass}>
                  {h}
                </th>
              ))}
            >
              {plan.versions.map((v) => (
                <tr key={v.id}>
                  <td className={`${cellClass} whitespace-normal`}>
                    v{v.version}
                    <p className="text-xs text-slate-500">
                      <LocalTime value={v.createdAt} />
                    </p>
                  </td>
                  <td className={`${cellClass} whitespace-normal`}>
                    {formatMoney(v.monthlyPriceMinor, plan.currency)} / month,{" "}
                    {formatMoney(v.yearlyPriceMinor, plan.currency)} / year
                    <LimitsSummary limits={v.limits} features={v.features} />
                  </td>
                  <td className={cellClass}>{v.tenants}</td>
                </tr>
              ))}
            </Table>
          </Card>
        </div>
      </div>
    </>
  );
}
