import Link from "next/link";
import type { ReactNode } from "react";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { trialDetail } from "@/lib/billing/queries";
import { reminderKinds } from "@/lib/billing/schemas";
import { reminderLabel } from "@/lib/billing/config";
import { formatMoney } from "@/lib/billing/format";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { TenantStatusBadge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { PastDueBadge, PaymentStatusBadge, TrialStatusBadge } from "@/components/billing/billing-badges";
import { ExtendTrialForm, ResendReminderForm, TrialDecisionForm } from "@/components/billing/trial-forms";
import { TrialTimeline } from "@/components/billing/trial-timeline";
import {
  convertTrialManuallyAction,
  expireTrialNowAction,
  extendTrialAction,
  resendReminderAction,
} from "../../actions";

export const metadata = { title: "Trial" };

export default async function TrialPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const { trial, timeline, payments } = await orNotFound(trialDetail(id));
  const { tenant } = trial;
  const running = trial.status === "active";
  const extendable = running || trial.status === "expired";
  const facts: { label: string; value: ReactNode; testId?: string }[] = [
    {
      label: "Tenant",
      value: (
        <span className="flex flex-wrap items-center gap-2">
          <Link
            href={`/tenants/${tenant.id}`}
            className="text-indigo-600 hover:underline dark:text-indigo-400"
          >
            {tenant.name}
          </Link>
          <TenantStatusBadge status={tenant.status} />
        </span>
      ),
    },
    { label: "Plan", value: <span className="capitalize">{trial.plan}</span> },
    { label: "Status", value: <TrialStatusBadge status={trial.status} /> },
    { label: "Started", value: <LocalTime value={trial.startedAt} /> },
    { label: "Ends", value: <LocalTime value={trial.endsAt} />, testId: "trial-ends" },
    { label: "Original end", value: <LocalTime value={trial.originalEndsAt} /> },
    {
      label: "Extended",
      value: trial.extendedDays
        ? `${trial.extendedDays} day${trial.extendedDays === 1 ? "" : "s"}`
        : "not extended",
    },
    { label: "Converted", value: trial.convertedAt && <LocalTime value={trial.convertedAt} /> },
    {
      label: trial.status === "cancelled" ? "Cancelled" : "Expired",
      value: trial.endedAt && <LocalTime value={trial.endedAt} />,
    },
    { label: "Access", value: tenant.billingSuspended && "suspended by billing; a payment restores it" },
  ];

  return (
    <>
      <PageHeader
        title={`Trial · ${tenant.name}`}
        description={
          <Link href="/billing" className="hover:underline">
            ← All trials
          </Link>
        }
        actions={
          <>
            <TrialStatusBadge status={trial.status} />
            <PastDueBadge tenantStatus={tenant.status} />
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Summary" className="lg:col-span-2">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            {facts
              .filter((fact) => fact.value)
              .map(({ label, value, testId }) => (
                <div key={label}>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
                  <dd className="mt-0.5" data-testid={testId}>
                    {value}
                  </dd>
                </div>
              ))}
          </dl>
          <p className="mt-4 text-xs text-slate-500">
            Dates in your time zone; the tenant reads them in {tenant.timezone}.
          </p>
        </Card>
        <Card title="Actions">
          {!extendable && (
            <p className="text-sm text-slate-500">A {trial.status} trial has nothing left to decide.</p>
          )}
          <div className="space-y-6">
            {extendable && <ExtendTrialForm action={extendTrialAction} trialId={trial.id} />}
            {extendable && (
              <TrialDecisionForm
                action={convertTrialManuallyAction}
                trialId={trial.id}
                id="convert-reason"
                label="Reason for converting by hand"
                submit="Convert trial"
                variant="primary"
              />
            )}
            {running && (
              <TrialDecisionForm
                action={expireTrialNowAction}
                trialId={trial.id}
                id="expire-reason"
                label="Reason for expiring now"
                submit="Expire now"
                variant="danger"
              />
            )}
            {running && (
              <ResendReminderForm
                action={resendReminderAction}
                trialId={trial.id}
                kinds={reminderKinds.map((kind) => ({ value: kind, label: `Trial ${reminderLabel(kind)}` }))}
              />
            )}
          </div>
        </Card>
      </div>

      <Card title="Timeline" className="mt-6">
        <TrialTimeline entries={timeline} />
      </Card>
      <Card title="Payments of this tenant" className="mt-6">
        <Table
          head={["Amount", "Status", "Attempts", "Last failure", "Created", "Settled"].map((h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ))}
          empty={payments.length === 0 && <p className="p-4 text-sm text-slate-500">No payments yet.</p>}
        >
          {payments.map((p) => (
            <tr key={p.id}>
              <td className={`${cellClass} tabular-nums`}>{formatMoney(p.amountMinor, p.currency)}</td>
              <td className={cellClass}>
                <PaymentStatusBadge status={p.status} />
              </td>
              <td className={`${cellClass} tabular-nums`}>{p.attemptCount}</td>
              <td className={`${cellClass} font-mono text-xs`}>{p.failureCode ?? "—"}</td>
              <td className={`${cellClass} text-slate-500`}>
                <LocalTime value={p.createdAt} />
              </td>
              <td className={`${cellClass} text-slate-500`}>
                {p.settledAt ? <LocalTime value={p.settledAt} /> : "—"}
              </td>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
