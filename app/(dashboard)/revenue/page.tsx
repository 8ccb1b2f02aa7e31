import { requirePageActor } from "@/app/_server/session";
import { formatMoney } from "@/lib/billing/format";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { planValues } from "@/lib/tenants/schemas";
import { getRevenueReport } from "@/lib/revenue/revenue-report";
import { revenueFiltersSchema } from "@/lib/revenue/schemas";
import { Button } from "@/components/ui/button";
import { Card, StatCard } from "@/components/ui/card";
import { inputBaseClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { CohortHeatmap } from "@/components/revenue/cohort-heatmap";
import { MovementsChart, MrrChart } from "@/components/revenue/mrr-charts";
import { MovementsTable } from "@/components/revenue/movements-table";
import { RevenueDefinitions } from "@/components/revenue/revenue-definitions";

export const metadata = { title: "Revenue" };

const pct = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);

export default async function RevenuePage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: filters, text } = parsePageSearchParams(revenueFiltersSchema, await searchParams);
  const report = await getRevenueReport(filters);
  const exportQuery = new URLSearchParams({
    months: String(filters.months),
    ...(filters.plan ? { plan: filters.plan } : {}),
  });
  return (
    <>
      <PageHeader
        title="Revenue"
        description="MRR, its movements, retention and cohorts from every tenant's subscription history."
        actions={
          <a
            href={`/revenue/export?${exportQuery}`}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Export CSV
          </a>
        }
      />
      <form className="mb-6 flex flex-wrap items-end gap-3" aria-label="Revenue filters">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Plan</span>
          <select name="plan" defaultValue={text.plan ?? ""} className={inputBaseClass}>
            <option value="">All plans</option>
            {planValues.map((plan) => (
              <option key={plan} value={plan}>
                {plan}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Period</span>
          <select name="months" defaultValue={String(filters.months)} className={inputBaseClass}>
            {[6, 12, 24].map((m) => (
              <option key={m} value={m}>
                Last {m} months
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </form>
      {report.currencies.length === 0 && (
        <Card>
          <p className="text-sm text-slate-500">No subscription history in this period.</p>
        </Card>
      )}
      {report.currencies.map((currency) => {
        const months = report.months[currency];
        const last = months.at(-1)!;
        return (
          <section key={currency} className="mb-8 space-y-4" aria-label={`Revenue in ${currency}`}>
            {report.currencies.length > 1 && <h2 className="text-lg font-semibold">{currency}</h2>}
            <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
              <StatCard
                label="MRR"
                value={formatMoney(last.mrr, currency)}
                detail={`ARR ${formatMoney(last.arr, currency)}`}
              />
              <StatCard
                label="Net new MRR this month"
                value={formatMoney(last.mrr - last.startMrr, currency)}
                detail={`${last.customers} paying customers`}
              />
              <StatCard
                label="NRR / GRR"
                value={`${pct(last.nrr)} / ${pct(last.grr)}`}
                detail={`Logo churn ${pct(last.logoChurn)}`}
              />
              <StatCard
                label="ARPA"
                value={last.arpa === null ? "–" : formatMoney(last.arpa, currency)}
                detail={`Trial conversion ${pct(last.trialConversion)}`}
              />
            </div>
            <div className="grid gap-4 xl:grid-cols-2">
              <Card title="MRR">
                <MrrChart months={months} currency={currency} />
              </Card>
              <Card title="MRR movements">
                <MovementsChart months={months} currency={currency} />
              </Card>
            </div>
            <MovementsTable months={months} currency={currency} />
          </section>
        );
      })}
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Cohort retention (paying tenants by signup month)">
          <CohortHeatmap cells={report.cohorts} />
        </Card>
        <Card title="Definitions">
          <RevenueDefinitions />
        </Card>
      </div>
    </>
  );
}
