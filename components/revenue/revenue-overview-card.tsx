import Link from "next/link";
import { formatMoney } from "@/lib/billing/format";
import { getRevenueReport } from "@/lib/revenue/revenue-report";
import { Card } from "@/components/ui/card";

/** The Overview's revenue line: MRR in each currency and what moved it this month. */
export async function RevenueOverviewCard() {
  const report = await getRevenueReport({ months: 6 });
  return (
    <Card
      title="Revenue this month"
      actions={
        <Link href="/revenue" className="text-sm text-indigo-600 hover:underline">
          Revenue
        </Link>
      }
      className="mt-6"
    >
      {report.currencies.length === 0 ? (
        <p className="text-sm text-slate-500">No paying tenants yet.</p>
      ) : (
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {report.currencies.map((currency) => {
            const m = report.months[currency].at(-1)!;
            const net = m.mrr - m.startMrr;
            return (
              <div key={currency}>
                <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">
                  MRR ({currency})
                </dt>
                <dd className="text-2xl font-semibold tabular-nums">{formatMoney(m.mrr, currency)}</dd>
                <dd className="text-xs text-slate-500">
                  {net >= 0 ? "+" : ""}
                  {formatMoney(net, currency)} this month · {m.customers} paying
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </Card>
  );
}
