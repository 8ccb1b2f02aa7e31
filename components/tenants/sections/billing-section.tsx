import Link from "next/link";
import { tenantBilling } from "@/lib/billing/tenant-billing";
import { formatMoney } from "@/lib/billing/format";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PaymentStatusBadge, TrialStatusBadge } from "@/components/billing/billing-badges";
import { sectionLinkClass } from "./link-class";

/** The tenant's trial, its latest payments (failed ones with their code) and its billing timeline. */
export async function BillingSection({ tenantId }: { tenantId: string }) {
  const { trial, payments, timeline } = await tenantBilling(tenantId);
  return (
    <Card title="Trial and payments">
      <div className="space-y-4 text-sm" data-testid="tenant-billing">
        {trial ? (
          <p className="flex flex-wrap items-center gap-2">
            <Link href={`/billing/trials/${trial.id}`} className={sectionLinkClass}>
              Trial of {trial.plan}
            </Link>
            <TrialStatusBadge status={trial.status} />
            <span className="text-slate-500">
              ends <LocalTime value={trial.endsAt} dateOnly />
              {trial.daysLeft !== null && ` (${trial.daysLeft} days left)`}
              {trial.extendedDays > 0 && `, extended by ${trial.extendedDays} days`}
            </span>
          </p>
        ) : (
          <p className="text-slate-500">No trial.</p>
        )}
        {payments.length > 0 ? (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {payments.map((payment) => (
              <li
                key={payment.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5"
                data-testid="tenant-payment"
              >
                <span className="w-24 tabular-nums">
                  {formatMoney(payment.amountMinor, payment.currency)}
                </span>
                <PaymentStatusBadge status={payment.status} />
                {payment.failureCode && (
                  <span className="font-mono text-xs text-rose-700 dark:text-rose-300">
                    {payment.failureCode}
                  </span>
                )}
                <span className="text-xs text-slate-500">
                  {payment.attemptCount} attempt{payment.attemptCount === 1 ? "" : "s"}
                </span>
                <span className="ml-auto text-xs text-slate-500">
                  <LocalTime value={payment.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500">No payments yet.</p>
        )}
        {timeline.length > 0 && (
          <details>
            <summary className="cursor-pointer text-xs font-medium text-slate-600 dark:text-slate-300">
              Billing timeline ({timeline.length} latest)
            </summary>
            <ol className="mt-2 space-y-1 text-xs">
              {timeline.map((entry) => (
                <li key={entry.id} className="flex flex-wrap gap-x-2">
                  <span className="text-slate-500">
                    <LocalTime value={entry.createdAt} />
                  </span>
                  <span>{entry.summary}</span>
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
    </Card>
  );
}
