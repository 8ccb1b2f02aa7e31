import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { env } from "@/lib/env";
import { type PageSearchParams, parsePageSearchParams } from "@/lib/page-search-params";
import { listPaymentOutcomes, listPaymentsInRecovery } from "@/lib/billing/payment-lists";
import { listPaymentsSchema, PAYMENT_OUTCOME_KINDS } from "@/lib/billing/schemas";
import { formatMoney } from "@/lib/billing/format";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge, type Tone } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { TrialsTabs } from "@/components/billing/trials-tabs";

export const metadata = { title: "Payments" };

const outcomeTones: Record<string, Tone> = {
  payment_succeeded: "green",
  payment_recovered: "green",
  payment_failed: "amber",
  payment_retry_failed: "amber",
  payment_abandoned: "red",
};

const tenantLink = (tenant: { id: string; name: string }) => (
  <Link href={`/tenants/${tenant.id}`} className="text-indigo-600 hover:underline dark:text-indigo-400">
    {tenant.name}
  </Link>
);

const outcomeLabel = (kind: string) => kind.replace("payment_", "").replace("_", " ");

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: query } = parsePageSearchParams(listPaymentsSchema, await searchParams);
  const [recovery, outcomes] = await Promise.all([listPaymentsInRecovery(query), listPaymentOutcomes(query)]);
  // Each list pages on its own; the links keep the filters and the other list's page.
  const params = { q: query.q, outcome: query.outcome, page: String(query.page), rpage: String(query.rpage) };

  return (
    <>
      <PageHeader
        title="Payments"
        description="Failed payments dunning is retrying, and what became of the latest payments"
      />
      <TrialsTabs current="payments" />
      {!env().BILLING_WEBHOOK_URL && (
        <p
          role="status"
          className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-300"
        >
          Payment retries wait until BILLING_WEBHOOK_URL is configured: Steward has no billing endpoint to ask
          for a charge.
        </p>
      )}

      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter the payments">
        <input
          name="q"
          defaultValue={query.q}
          placeholder="Tenant name or slug"
          aria-label="Tenant"
          className={`${inputBaseClass} w-64`}
        />
        <select
          name="outcome"
          defaultValue={query.outcome ?? ""}
          aria-label="Outcome"
          className={`${inputBaseClass} w-44`}
        >
          <option value="">Every outcome</option>
          {PAYMENT_OUTCOME_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {outcomeLabel(kind)}
            </option>
          ))}
        </select>
        <button className={buttonClass("secondary")}>Apply</button>
      </form>

      <Card title={`In recovery (${recovery.total.toLocaleString("en")})`}>
        <Table
          head={["Tenant", "Amount", "Attempts", "Last failure", "Next retry", "Failing since"].map((h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ))}
          empty={
            recovery.rows.length === 0 && (
              <p className="p-4 text-sm text-slate-500">No payment is being retried.</p>
            )
          }
        >
          {recovery.rows.map((p) => (
            <tr key={p.id} data-testid="recovery-row">
              <td className={cellClass}>{tenantLink(p.tenant)}</td>
              <td className={`${cellClass} tabular-nums`}>{formatMoney(p.amountMinor, p.currency)}</td>
              <td className={`${cellClass} tabular-nums`}>{p.attemptCount}</td>
              <td className={`${cellClass} font-mono text-xs`}>{p.failureCode ?? "—"}</td>
              <td className={cellClass}>
                <LocalTime value={p.nextRetryAt} />
              </td>
              <td className={`${cellClass} text-slate-500`}>
                <LocalTime value={p.firstFailedAt} />
              </td>
            </tr>
          ))}
        </Table>
        <Pagination
          page={recovery.page}
          pageCount={recovery.pageCount}
          total={recovery.total}
          params={params}
          pageKey="rpage"
          label="Pages of payments in recovery"
          basePath="/billing/payments"
        />
      </Card>

      <Card title={`Latest outcomes (${outcomes.total.toLocaleString("en")})`} className="mt-6">
        <Table
          head={["When", "Tenant", "Outcome", "Amount", "What happened", "By"].map((h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ))}
          empty={
            outcomes.rows.length === 0 && (
              <p className="p-4 text-sm text-slate-500">No payment outcome matches.</p>
            )
          }
        >
          {outcomes.rows.map((o) => (
            <tr key={o.id}>
              <td className={`${cellClass} text-slate-500`}>
                <LocalTime value={o.createdAt} />
              </td>
              <td className={cellClass}>{tenantLink({ id: o.tenantId, name: o.tenantName })}</td>
              <td className={cellClass}>
                <Badge tone={outcomeTones[o.kind] ?? "gray"}>{outcomeLabel(o.kind)}</Badge>
              </td>
              <td className={`${cellClass} tabular-nums`}>
                {o.amountMinor === null || o.currency === null ? "—" : formatMoney(o.amountMinor, o.currency)}
              </td>
              <td className={`${cellClass} min-w-64 whitespace-normal`}>{o.summary}</td>
              <td className={`${cellClass} text-xs text-slate-500`}>{o.actorLabel}</td>
            </tr>
          ))}
        </Table>
        <Pagination
          page={outcomes.page}
          pageCount={outcomes.pageCount}
          total={outcomes.total}
          params={params}
          label="Pages of outcomes"
          basePath="/billing/payments"
        />
      </Card>
    </>
  );
}
