import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { metricRules, type MetricRule } from "@/lib/anomalies/queries";
import { describeSuggestion } from "@/lib/anomalies/rule-suggestions";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import {
  BUCKET_LABELS,
  DIRECTION_LABELS,
  SEASONALITY_LABELS,
  SOURCE_LABELS,
  formatNumber,
} from "@/components/anomalies/labels";
import { CreateMetricForm, MetricRuleForm } from "@/components/anomalies/metric-rule-form";
import { UpgradeDetectorForm } from "@/components/anomalies/upgrade-detector-form";
import { createMetricAction, updateMetricRuleAction, upgradeMetricDetectorAction } from "../actions";

export const metadata = { title: "Anomaly rules" };

const ADAPTIVE_FACTS: [string, string][] = [
  ["Detector", "Adaptive: rhythm found per series, robust spread calibrated on its own deviations"],
  ["Baseline", "Each series' last 28 days, refitted daily; level shifts re-learned"],
  ["Minimum history", "1 day"],
];

function zScoreFacts(metric: MetricRule["metric"]): [string, string][] {
  return [
    ["Detector", "z-score against a fixed window"],
    [
      "Baseline",
      `${metric.baselineDays} days, ${metric.robust ? "median and MAD (robust)" : "mean and standard deviation"}`,
    ],
    ["Minimum history", `${metric.minHistoryDays} day${metric.minHistoryDays === 1 ? "" : "s"}`],
    ["Compared with", SEASONALITY_LABELS[metric.seasonality]],
  ];
}

function RuleCard({ rule: { metric, resolved, falsePositives, suggestion } }: { rule: MetricRule }) {
  const facts: [string, string][] = [
    ["Source", SOURCE_LABELS[metric.source]],
    ["Bucket", `${BUCKET_LABELS[metric.bucket]}, ${metric.aggregation} of the points in it`],
    ["Flags", DIRECTION_LABELS[metric.direction]],
    ["Threshold", `|z| ≥ ${formatNumber(metric.zThreshold)}`],
    [
      "Severity bands",
      `medium ${formatNumber(metric.mediumZ)} · high ${formatNumber(metric.highZ)} · critical ${formatNumber(metric.criticalZ)}`,
    ],
    ...(metric.detector === "adaptive" ? ADAPTIVE_FACTS : zScoreFacts(metric)),
  ];
  return (
    <section aria-label={`${metric.name} rule`} data-testid={`rule-${metric.key}`}>
      <Card
        title={metric.name}
        actions={
          <span className="flex items-center gap-2">
            <code className="text-xs text-slate-500">{metric.key}</code>
            <Badge tone={metric.enabled ? "green" : "gray"}>{metric.enabled ? "enabled" : "disabled"}</Badge>
          </span>
        }
      >
        {metric.description && <p className="mb-3 text-sm text-slate-500">{metric.description}</p>}
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-sm">
          <Link href={`/anomalies?status=resolved&metric=${metric.key}`} className="hover:underline">
            {resolved} resolved
          </Link>
          {" · "}
          <Link href={`/anomalies?status=false_positive&metric=${metric.key}`} className="hover:underline">
            {falsePositives} false positive{falsePositives === 1 ? "" : "s"}
          </Link>
        </p>
        <p
          className={`mt-1 text-sm ${suggestion.kind === "raise" ? "text-amber-700 dark:text-amber-400" : "text-slate-500"}`}
          data-testid="rule-suggestion"
        >
          {describeSuggestion(suggestion)}
        </p>
        {metric.detector === "zscore" && metric.bucket === "hour" && (
          <div className="mt-4" data-testid="upgrade-detector">
            <UpgradeDetectorForm action={upgradeMetricDetectorAction} metricId={metric.id} />
          </div>
        )}
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium text-indigo-600 dark:text-indigo-400">
            Edit rule
          </summary>
          <div className="mt-3">
            <MetricRuleForm
              action={updateMetricRuleAction}
              metricId={metric.id}
              metricKey={metric.key}
              bucket={metric.bucket}
              rule={metric}
            />
          </div>
        </details>
      </Card>
    </section>
  );
}

export default async function AnomalyRulesPage() {
  await requirePageActor(["OWNER"]);
  const rules = await metricRules();
  return (
    <>
      <PageHeader
        title="Anomaly rules"
        description={
          <Link href="/anomalies" className="hover:underline">
            ← All anomalies
          </Link>
        }
      />
      <p className="mb-6 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Each metric is watched per tenant: a bucket is compared with the tenant&apos;s own baseline and
        flagged when it is more than the threshold&apos;s number of spreads away on the watched side.
        Suggestions come from how the metric&apos;s closed anomalies were judged: resolved ones must still
        fire, false positives should not.
      </p>
      <div className="grid gap-6 xl:grid-cols-2">
        {rules.map((rule) => (
          <RuleCard key={rule.metric.id} rule={rule} />
        ))}
      </div>
      <section aria-label="Add a metric" className="mt-6">
        <Card title="Add a metric reported through the API">
          <CreateMetricForm action={createMetricAction} />
        </Card>
      </section>
    </>
  );
}
