import Link from "next/link";
import type { TenantHeadline } from "@/lib/tenants/tenant-headline";
import { formatMoney } from "@/lib/billing/format";
import { TenantStatusBadge } from "@/components/ui/badge";
import { PaymentStatusBadge, TrialStatusBadge } from "@/components/billing/billing-badges";
import { LocalTime } from "@/components/ui/local-time";
import { sectionLinkClass } from "./link-class";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 flex flex-wrap items-center gap-1.5 text-sm">{children}</dd>
    </div>
  );
}

/** The tenant at a glance: status, plan, trial, last payment and what is open about it. */
export function TenantHeader({
  headline: { tenant, trial, lastPayment, open },
}: {
  headline: TenantHeadline;
}) {
  const openTotal = open.reviewItems + open.anomalies + open.bans;
  return (
    <dl
      className="mb-6 grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-5 dark:border-slate-800 dark:bg-slate-900"
      data-testid="tenant-header"
    >
      <Fact label="Status">
        <TenantStatusBadge status={tenant.status} />
      </Fact>
      <Fact label="Plan">
        <span className="capitalize">{tenant.plan}</span>
      </Fact>
      <Fact label="Trial">
        {trial ? (
          <Link href={`/billing/trials/${trial.id}`} className={sectionLinkClass} data-testid="header-trial">
            {trial.daysLeft !== null
              ? `${trial.daysLeft} day${trial.daysLeft === 1 ? "" : "s"} left`
              : trial.status}
          </Link>
        ) : (
          <span className="text-slate-500">none</span>
        )}
        {trial && <TrialStatusBadge status={trial.status} />}
      </Fact>
      <Fact label="Last payment">
        {lastPayment ? (
          <>
            <span className="tabular-nums">{formatMoney(lastPayment.amountMinor, lastPayment.currency)}</span>
            <PaymentStatusBadge status={lastPayment.status} />
            <span className="text-xs text-slate-500">
              <LocalTime value={lastPayment.createdAt} dateOnly />
            </span>
          </>
        ) : (
          <span className="text-slate-500">none</span>
        )}
      </Fact>
      <Fact label="Open items">
        <span className="font-semibold tabular-nums" data-testid="header-open-items">
          {openTotal}
        </span>
        <span className="text-xs text-slate-500">
          {open.reviewItems} review · {open.anomalies} anomalies · {open.bans} bans
        </span>
      </Fact>
    </dl>
  );
}
