"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import { STANDARD_LIMITS } from "@/lib/plans/limits";
import type { PlanView } from "@/lib/plans/queries";

type Saved = { key: string; version: number; newVersion: boolean };

const major = (minor: number) => (minor / 100).toFixed(2);

/** One of the plan's terms: a labelled text input with its field errors. */
function TermInput(props: {
  label: string;
  name: string;
  value: string | number;
  errors?: string[];
  inputMode?: "numeric" | "decimal";
}) {
  return (
    <Field label={props.label} name={props.name} errors={props.errors}>
      <input
        id={props.name}
        name={props.name}
        inputMode={props.inputMode}
        className={inputClass}
        defaultValue={props.value}
      />
    </Field>
  );
}

/** Edits a plan; saving changed terms makes a new version (said once saved). */
export function PlanForm({ plan, action }: { plan: PlanView; action: FormAction<Saved> }) {
  const [saved, setSaved] = useState<Saved | null>(null);
  const { limits, features } = plan.current;
  const standard = new Set<string>(STANDARD_LIMITS.map((l) => l.key));
  const custom = Object.entries(limits)
    .filter(([key]) => !standard.has(key))
    .map(([key, value]) => `${key} = ${value}`)
    .join("\n");
  return (
    <ActionForm action={action} hidden={{ key: plan.key }} submit="Save plan" onSuccess={setSaved}>
      {({ fields = {}, values }) => (
        <>
          {saved && (
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              {saved.newVersion
                ? `Saved as version ${saved.version}: new subscriptions get it; existing tenants stay until moved.`
                : "Saved."}
            </p>
          )}
          <div className="grid gap-3 sm:grid-cols-3">
            <TermInput label="Name" name="name" errors={fields.name} value={values?.name ?? plan.name} />
            <TermInput
              label="Currency"
              name="currency"
              errors={fields.currency}
              value={values?.currency ?? plan.currency}
            />
            <TermInput
              label="Trial (days)"
              name="trialDays"
              inputMode="numeric"
              errors={fields.trialDays}
              value={values?.trialDays ?? plan.trialDays}
            />
            <TermInput
              label="Monthly price"
              name="monthlyPrice"
              inputMode="decimal"
              errors={fields.monthlyPrice}
              value={values?.monthlyPrice ?? major(plan.current.monthlyPriceMinor)}
            />
            <TermInput
              label="Yearly price"
              name="yearlyPrice"
              inputMode="decimal"
              errors={fields.yearlyPrice}
              value={values?.yearlyPrice ?? major(plan.current.yearlyPriceMinor)}
            />
          </div>
          <fieldset className="grid gap-3 sm:grid-cols-3">
            <legend className="mb-2 text-sm font-medium">Limits (blank is unlimited)</legend>
            {STANDARD_LIMITS.map(({ key, label }) => (
              <Field key={key} label={label} name={`limits.${key}`} errors={fields[`limits.${key}`]}>
                <input
                  id={`limits.${key}`}
                  name={`limits.${key}`}
                  inputMode="numeric"
                  className={inputClass}
                  defaultValue={values?.[`limits.${key}`] ?? limits[key] ?? ""}
                />
              </Field>
            ))}
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label="Custom limits"
              name="customLimits"
              hint="One per line: key = value"
              errors={Object.entries(fields)
                .filter(([name]) => name.startsWith("limits.") && !standard.has(name.slice(7)))
                .flatMap(([name, messages]) => messages.map((m) => `${name.slice(7)}: ${m}`))}
            >
              <textarea
                id="customLimits"
                name="customLimits"
                rows={3}
                className={inputClass}
                defaultValue={values?.customLimits ?? custom}
              />
            </Field>
            <Field
              label="Features"
              name="features"
              hint="Flags, separated by commas"
              errors={fields.features}
            >
              <textarea
                id="features"
                name="features"
                rows={3}
                className={inputClass}
                defaultValue={values?.features ?? features.join(", ")}
              />
            </Field>
          </div>
        </>
      )}
    </ActionForm>
  );
}
