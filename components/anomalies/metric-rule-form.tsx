"use client";

import type { ActionState } from "@/components/ui/use-action";
import type {
  MetricAggregation,
  MetricBucket,
  MetricDirection,
  MetricSeasonality,
} from "@/lib/generated/prisma/enums";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import { NEW_METRIC_RULE } from "@/lib/anomalies/default-rule";
import { BUCKET_LABELS, DIRECTION_LABELS, SEASONALITY_LABELS } from "./labels";

export type RuleValues = {
  name: string;
  unit: string;
  description: string;
  direction: MetricDirection;
  zThreshold: number;
  mediumZ: number;
  highZ: number;
  criticalZ: number;
  baselineDays: number;
  minHistoryDays: number;
  seasonality: MetricSeasonality;
  robust: boolean;
  enabled: boolean;
};

const AGGREGATIONS: Record<MetricAggregation, string> = { sum: "Sum", mean: "Mean", max: "Maximum" };

/** A text, number or select field of the rule; ids carry `prefix` because the rules page has a form per metric. */
function RuleField({
  prefix,
  name,
  label,
  state,
  value,
  hint,
  options,
}: {
  prefix: string;
  name: string;
  label: string;
  state: ActionState<unknown>;
  value: string | number;
  hint?: string;
  options?: Record<string, string>;
}) {
  const id = `${prefix}-${name}`;
  const defaultValue = state.values?.[name] ?? String(value);
  return (
    <Field label={label} name={id} errors={state.fields?.[name]} hint={hint}>
      {options ? (
        <select id={id} name={name} defaultValue={defaultValue} className={inputClass}>
          {Object.entries(options).map(([key, text]) => (
            <option key={key} value={key}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={name}
          defaultValue={defaultValue}
          inputMode={typeof value === "number" ? "decimal" : undefined}
          className={inputClass}
        />
      )}
    </Field>
  );
}

/** A checkbox of the rule: after a failed submit it shows what was sent (an unchecked box sends nothing). */
function RuleCheckbox({
  prefix,
  name,
  label,
  state,
  checked,
}: {
  prefix: string;
  name: "robust" | "enabled";
  label: string;
  state: ActionState<unknown>;
  checked: boolean;
}) {
  const id = `${prefix}-${name}`;
  return (
    <label htmlFor={id} className="flex items-center gap-2 text-sm">
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={state.values ? state.values[name] === "on" : checked}
        className="h-4 w-4 rounded border-slate-300"
      />
      {label}
    </label>
  );
}

function RuleFields({
  prefix,
  state,
  rule,
  bucket,
}: {
  prefix: string;
  state: ActionState<unknown>;
  rule: RuleValues;
  bucket?: MetricBucket;
}) {
  const field = { prefix, state };
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <RuleField {...field} name="name" label="Name" value={rule.name} />
        <RuleField
          {...field}
          name="unit"
          label="Unit"
          value={rule.unit}
          hint="% or a word such as requests"
        />
      </div>
      <RuleField {...field} name="description" label="Description" value={rule.description} />
      <div className="grid gap-3 sm:grid-cols-2">
        <RuleField
          {...field}
          name="direction"
          label="Flag"
          value={rule.direction}
          options={DIRECTION_LABELS}
        />
        <RuleField
          {...field}
          name="zThreshold"
          label="Threshold (|z|)"
          value={rule.zThreshold}
          hint="A bucket this many spreads from its baseline is anomalous"
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <RuleField {...field} name="mediumZ" label="Medium from |z|" value={rule.mediumZ} />
        <RuleField {...field} name="highZ" label="High from |z|" value={rule.highZ} />
        <RuleField {...field} name="criticalZ" label="Critical from |z|" value={rule.criticalZ} />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <RuleField
          {...field}
          name="baselineDays"
          label="Baseline window (days)"
          value={rule.baselineDays}
          hint="7 to 30"
        />
        <RuleField
          {...field}
          name="minHistoryDays"
          label="Minimum history (days)"
          value={rule.minHistoryDays}
        />
        <RuleField
          {...field}
          name="seasonality"
          label="Compare with"
          value={rule.seasonality}
          options={
            bucket === "day"
              ? { none: SEASONALITY_LABELS.none, day_of_week: "Same weekday" }
              : SEASONALITY_LABELS
          }
        />
      </div>
      <div className="flex flex-wrap gap-6">
        <RuleCheckbox {...field} name="robust" label="Robust (median and MAD)" checked={rule.robust} />
        <RuleCheckbox {...field} name="enabled" label="Enabled" checked={rule.enabled} />
      </div>
    </>
  );
}

function Done({ state, message }: { state: ActionState<unknown>; message: string }) {
  return state.done ? (
    <p role="status" className="text-sm text-emerald-600">
      {message}
    </p>
  ) : null;
}

/** Edits one metric's rule; detection uses it from its next pass. */
export function MetricRuleForm({
  action,
  metricId,
  metricKey,
  bucket,
  rule,
}: {
  action: FormAction;
  metricId: string;
  metricKey: string;
  bucket: MetricBucket;
  rule: RuleValues;
}) {
  return (
    <ActionForm action={action} hidden={{ metricId }} submit="Save rule">
      {(state) => (
        <>
          <RuleFields prefix={metricKey} state={state} rule={rule} bucket={bucket} />
          <Done state={state} message="Rule saved; the next detection pass uses it." />
        </>
      )}
    </ActionForm>
  );
}

const NEW_RULE: RuleValues = { name: "", unit: "", description: "", ...NEW_METRIC_RULE, enabled: true };

/** A metric the platform reports through POST /api/v1/metrics, with its rule. */
export function CreateMetricForm({ action }: { action: FormAction }) {
  return (
    <ActionForm action={action} submit="Add metric">
      {(state) => (
        <>
          <div className="grid gap-3 sm:grid-cols-3">
            <RuleField
              prefix="new"
              state={state}
              name="key"
              label="Key"
              value=""
              hint="What the API calls it, e.g. signups"
            />
            <RuleField
              prefix="new"
              state={state}
              name="bucket"
              label="Bucket"
              value="hour"
              options={BUCKET_LABELS}
            />
            <RuleField
              prefix="new"
              state={state}
              name="aggregation"
              label="Points in one bucket"
              value="sum"
              options={AGGREGATIONS}
            />
          </div>
          <RuleFields prefix="new" state={state} rule={NEW_RULE} />
          <Done state={state} message="Metric added; report its points through the API." />
        </>
      )}
    </ActionForm>
  );
}
