import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { formatMoney } from "@/lib/billing/format";
import { listPlans } from "@/lib/plans/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LimitsSummary } from "@/components/plans/limits-summary";

export const metadata = { title: "Plans" };

export default async function PlansPage() {
  await requirePageActor(["OWNER"]);
  const plans = await listPlans();
  return (
    <>
      <PageHeader
        title="Plans"
        description="The catalog tenants subscribe to. A change of price, limits or features makes a new version for new subscriptions; existing tenants move only when you move them."
      />
      <Table
        head={["Plan", "Monthly", "Yearly", "Version", "Limits and features", "Tenants"].map((h) => (
          <th key={h} className={headCellClass}>
            {h}
          </th>
        ))}
      >
        {plans.map((plan) => (
          <tr key={plan.key}>
            <td className={cellClass}>
              <Link
                href={`/settings/plans/${plan.key}`}
                className="font-medium text-indigo-600 hover:underline"
              >
                {plan.name}
              </Link>
              <p className="text-xs text-slate-500">{plan.key}</p>
            </td>
            <td className={cellClass}>{formatMoney(plan.current.monthlyPriceMinor, plan.currency)}</td>
            <td className={cellClass}>{formatMoney(plan.current.yearlyPriceMinor, plan.currency)}</td>
            <td className={cellClass}>v{plan.current.version}</td>
            <td className={`${cellClass} max-w-md whitespace-normal`}>
              <LimitsSummary limits={plan.current.limits} features={plan.current.features} />
            </td>
            <td className={cellClass}>{plan.tenants}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
