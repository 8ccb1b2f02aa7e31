import Link from "next/link";
import type { ReactNode } from "react";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { anomalyDetail } from "@/lib/anomalies/queries";
import { DAY } from "@/lib/anomalies/buckets";
import { listUsers } from "@/lib/users/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AnomalyStatusBadge, SeverityBadge, statusLabel } from "@/components/anomalies/anomaly-badges";
import { AnomalyChart } from "@/components/anomalies/anomaly-chart";
import { AnomalyHistory } from "@/components/anomalies/anomaly-history";
import {
  AcknowledgeForm,
  CloseAnomalyForm,
  MuteSeriesForm,
  UnmuteSeriesForm,
} from "@/components/anomalies/anomaly-forms";
import { SEASONALITY_LABELS, formatNumber, formatValue } from "@/components/anomalies/labels";
import {
  acknowledgeAnomalyAction,
  closeAnomalyAction,
  muteSeriesAction,
  unmuteSeriesAction,
} from "../actions";

/** What the adaptive detector found in a series, by the seasonality stored on its anomaly. */
const FOUND_RHYTHM = {
  none: "none: one level for every hour",
  hour_of_day: "daily: each hour of the day has its own level",
  day_of_week: "weekly: each weekday and hour has its own level",
} as const;

export const metadata = { title: "Anomaly" };

const linkClass = "text-indigo-600 hover:underline dark:text-indigo-400";

function Facts({ facts }: { facts: { label: string; value: ReactNode; testId?: string }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
      {facts
        .filter((fact) => fact.value !== null && fact.value !== undefined && fact.value !== "")
        .map(({ label, value, testId }) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-0.5" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
    </dl>
  );
}

export default async function AnomalyPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const { id } = await params;
  const [detail, users] = await Promise.all([orNotFound(anomalyDetail(id)), listUsers()]);
  const { anomaly, closedBy, explanation, history, chart } = detail;
  const { tenant, metric, series } = anomaly;
  const open = anomaly.status === "active" || anomaly.status === "acknowledged";
  const now = new Date();
  const muted = series.mutedUntil && series.mutedUntil > now ? series.mutedUntil : null;

  const summary = [
    {
      label: "Tenant",
      value: (
        <span className="flex flex-wrap gap-3">
          <Link href={`/tenants/${tenant.id}`} className={linkClass}>
            {tenant.name}
          </Link>
          <Link
            href={`/anomalies/baselines?tenant=${tenant.slug}`}
            className="text-xs text-slate-500 hover:underline"
          >
            Baselines
          </Link>
        </span>
      ),
    },
    {
      label: "Metric",
      value: (
        <>
          {metric.name} <span className="text-xs text-slate-500">{metric.key}</span>
        </>
      ),
    },
    { label: "Status", value: <AnomalyStatusBadge status={anomaly.status} />, testId: "anomaly-status" },
    { label: "Severity", value: <SeverityBadge severity={anomaly.severity} /> },
    {
      label: "Assignee",
      value: anomaly.assignee ? anomaly.assignee.email : "nobody",
      testId: "anomaly-assignee",
    },
    { label: "Note", value: anomaly.note, testId: "anomaly-note" },
    { label: "First seen", value: <LocalTime value={anomaly.firstBucket} /> },
    { label: "Last seen", value: <LocalTime value={anomaly.lastBucket} /> },
    { label: "Anomalous buckets", value: anomaly.anomalousBuckets.toLocaleString("en") },
    { label: "Acknowledged", value: anomaly.acknowledgedAt && <LocalTime value={anomaly.acknowledgedAt} /> },
    {
      label: "Closed",
      value: anomaly.closedAt && (
        <span data-testid="anomaly-closed">
          <LocalTime value={anomaly.closedAt} /> by {closedBy?.email ?? "a removed user"}
        </span>
      ),
    },
  ];
  const baseline = [
    {
      label: "Peak",
      value: (
        <>
          {formatValue(anomaly.value, metric.unit)} at <LocalTime value={anomaly.peakBucket} />
        </>
      ),
    },
    {
      label: "z and threshold",
      value: (
        <span className="tabular-nums">
          z = {anomaly.z.toFixed(2)}, threshold {formatNumber(anomaly.threshold)}
        </span>
      ),
    },
    { label: "Window", value: `the previous ${anomaly.baselineDays} days` },
    ...(anomaly.detector === "adaptive"
      ? [
          { label: "Detector", value: "adaptive (rhythm found per series, calibrated robust spread)" },
          { label: "Rhythm found", value: FOUND_RHYTHM[anomaly.seasonality] },
          { label: "Expected", value: formatValue(anomaly.center, metric.unit) },
          {
            label: "Normal band",
            value: `${formatNumber(anomaly.bandLow ?? anomaly.center)} – ${formatNumber(anomaly.bandHigh ?? anomaly.center)} ${metric.unit}`,
          },
        ]
      : [
          { label: "Compared with", value: SEASONALITY_LABELS[anomaly.seasonality] },
          { label: anomaly.robust ? "Median" : "Mean", value: formatValue(anomaly.center, metric.unit) },
          {
            label: "Spread",
            value: `${formatNumber(anomaly.spread)} (${anomaly.robust ? "1.4826 × MAD" : "standard deviation"})`,
          },
        ]),
    { label: "Baseline points", value: anomaly.baselinePoints.toLocaleString("en") },
  ];

  return (
    <>
      <PageHeader
        title={`${metric.name} · ${tenant.name}`}
        description={
          <Link href="/anomalies" className="hover:underline">
            ← All anomalies
          </Link>
        }
        actions={
          <>
            <SeverityBadge severity={anomaly.severity} />
            <AnomalyStatusBadge status={anomaly.status} />
          </>
        }
      />
      <Card className="mb-6">
        <p className="text-base font-medium" data-testid="anomaly-headline">
          {explanation.headline}
        </p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="anomaly-baseline">
          {explanation.baseline}
        </p>
      </Card>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Summary" className="lg:col-span-2">
          <Facts facts={summary} />
          <h3 className="mb-3 mt-6 text-sm font-semibold text-slate-700 dark:text-slate-200">
            Baseline at the peak
          </h3>
          <Facts facts={baseline} />
        </Card>
        <Card title="Workflow">
          {open ? (
            <div className="space-y-6">
              <AcknowledgeForm
                action={acknowledgeAnomalyAction}
                anomalyId={anomaly.id}
                users={users.filter((u) => !u.disabled)}
                assigneeId={anomaly.assigneeId}
                acknowledged={anomaly.status === "acknowledged"}
              />
              <CloseAnomalyForm
                action={closeAnomalyAction}
                anomalyId={anomaly.id}
                outcome="resolved"
                label="What was it and what was done"
                submit="Resolve"
              />
              <CloseAnomalyForm
                action={closeAnomalyAction}
                anomalyId={anomaly.id}
                outcome="false_positive"
                label="Why it was not a real problem"
                submit="Mark false positive"
              />
            </div>
          ) : (
            <p className="text-sm text-slate-500">
              This anomaly is {statusLabel(anomaly.status)}; a new one opens if the metric leaves its range
              again.
            </p>
          )}
          <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
            <h3 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">
              Mute {metric.name} for {tenant.name}
            </h3>
            {muted ? (
              <div className="space-y-2 text-sm">
                <p data-testid="series-muted">
                  Muted until <LocalTime value={muted} />
                  {series.muteReason && `: ${series.muteReason}`}
                </p>
                <UnmuteSeriesForm action={unmuteSeriesAction} seriesId={series.id} />
              </div>
            ) : (
              <MuteSeriesForm
                action={muteSeriesAction}
                seriesId={series.id}
                defaultUntil={new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10)}
              />
            )}
          </div>
        </Card>
      </div>
      <Card title={`${metric.name} around the anomaly`} className="mt-6">
        <AnomalyChart
          points={chart}
          metric={{ name: metric.name, unit: metric.unit, bucket: metric.bucket }}
          threshold={metric.zThreshold}
          firstBucket={anomaly.firstBucket.toISOString()}
          lastBucket={anomaly.lastBucket.toISOString()}
        />
        <p className="mt-2 text-xs text-slate-500">
          {metric.detector === "adaptive"
            ? "The band is the adaptive detector's normal range, replayed from the stored points exactly as detection judged them (for counts it is wider above than below); the shaded span is the anomaly."
            : `The band is the baseline ± ${formatNumber(metric.zThreshold)} × spread under the metric's current rule; the shaded span is the anomaly.`}
        </p>
      </Card>
      <Card title="History" className="mt-6">
        <AnomalyHistory entries={history} emails={new Map(users.map((u) => [u.id, u.email]))} />
      </Card>
    </>
  );
}
