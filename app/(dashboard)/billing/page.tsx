import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { conversionFunnel, listTrials, trialCards, weeklyStartsAndConversions } from "@/lib/billing/queries";
import { listTrialsSchema, trialStatusValues } from "@/lib/billing/schemas";
import { planValues } from "@/lib/tenants/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { TrialsTabs } from "@/components/billing/trials-tabs";
import { TrialCards } from "@/components/billing/trial-cards";
import { WeeklyTrialsChart } from "@/components/billing/weekly-trials-chart";
import { FunnelChart } from "@/components/billing/funnel-chart";
import { TrialsTable } from "@/components/billing/trials-table";
import { trialStatusLabel } from "@/components/billing/billing-badges";

export const metadata = { title: "Trials" };

export default async function TrialsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: query, invalid } = parsePageSearchParams(listTrialsSchema, await searchParams);
  const now = new Date();
  const [cards, weeks, funnel, page] = await Promise.all([
    trialCards(now),
    weeklyStartsAndConversions(now),
    conversionFunnel(now),
    listTrials(query, now),
  ]);
  const params = {
    q: query.q,
    status: query.status,
    plan: query.plan,
    endingWithinDays: query.endingWithinDays?.toString(),
  };

  return (
    <>
      <PageHeader
        title="Trials"
        description="Trials of every tenant, how they convert, and what dunning recovers"
      />
      <TrialsTabs current="trials" />
      <TrialCards cards={cards} />

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card title="Trials started and converted per week (last 26 weeks)" className="lg:col-span-3">
          <WeeklyTrialsChart data={weeks} />
        </Card>
        <Card title="What became of the trials started in the last 180 days" className="lg:col-span-2">
          <FunnelChart data={funnel} />
        </Card>
      </div>

      <div className="mt-6">
        {invalid && (
          <p role="alert" className="mb-4 text-sm text-amber-700">
            Some filters were invalid and were reset.
          </p>
        )}
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <input
            name="q"
            defaultValue={query.q}
            placeholder="Tenant name or slug"
            aria-label="Search"
            className={`${inputBaseClass} w-64`}
          />
          <select
            name="status"
            defaultValue={query.status ?? ""}
            aria-label="Status"
            className={`${inputBaseClass} w-40`}
          >
            <option value="">All statuses</option>
            {trialStatusValues.map((s) => (
              <option key={s} value={s}>
                {trialStatusLabel(s)}
              </option>
            ))}
          </select>
          <select
            name="plan"
            defaultValue={query.plan ?? ""}
            aria-label="Plan"
            className={`${inputBaseClass} w-36`}
          >
            <option value="">All plans</option>
            {planValues.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <input
            name="endingWithinDays"
            type="number"
            min={0}
            max={365}
            defaultValue={query.endingWithinDays}
            placeholder="Ending within days"
            aria-label="Ending within days"
            className={`${inputBaseClass} w-44`}
          />
          <button className={buttonClass("secondary")}>Apply</button>
        </form>
        <TrialsTable rows={page.rows} />
        <Pagination
          basePath="/billing"
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          params={params}
        />
      </div>
    </>
  );
}
