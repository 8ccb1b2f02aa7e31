import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { env } from "@/lib/env";
import { paymentsInRecovery, recentPaymentOutcomes } from "@/lib/billing/queries";
import { formatMoney } from "@/lib/billing/format";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge, type Tone } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
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

export default async function PaymentsPage() {
  await requirePageActor(["OWNER"]);
  const [recovery, outcomes] = await Promise.all([paymentsInRecovery(), recentPaymentOutcomes(100)]);

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
        {recovery.total > recovery.rows.length && (
          <p className="mt-2 text-xs text-slate-500">The {recovery.rows.length} retried soonest are shown.</p>
        )}
      </Card>

      <Card title="Latest outcomes" className="mt-6">
        <Table
          head={["When", "Tenant", "Outcome", "Amount", "What happened", "By"].map((h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ))}
          empty={
            outcomes.length === 0 && (
              <p className="p-4 text-sm text-slate-500">No payment has been reported yet.</p>
            )
          }
        >
          {outcomes.map((o) => (
            <tr key={o.id}>
              <td className={`${cellClass} text-slate-500`}>
                <LocalTime value={o.createdAt} />
              </td>
              <td className={cellClass}>{tenantLink({ id: o.tenantId, name: o.tenantName })}</td>
              <td className={cellClass}>
                <Badge tone={outcomeTones[o.kind] ?? "gray"}>
                  {o.kind.replace("payment_", "").replace("_", " ")}
                </Badge>
              </td>
              <td className={`${cellClass} tabular-nums`}>
                {o.amountMinor === null || o.currency === null ? "—" : formatMoney(o.amountMinor, o.currency)}
              </td>
              <td className={cellClass}>{o.summary}</td>
              <td className={`${cellClass} text-xs text-slate-500`}>{o.actorLabel}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
