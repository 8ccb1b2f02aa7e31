"use client";

import type { ActionState } from "@/components/ui/use-action";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { ReviewSettings } from "@/lib/review/intake/settings";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";

type NumberField = { name: string; label: string; hint?: string; value: number };

function NumberInputs({ fields, state }: { fields: NumberField[]; state: ActionState<unknown> }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {fields.map((field) => {
        const id = `settings-${field.name.replaceAll(".", "-")}`;
        return (
          <Field
            key={field.name}
            label={field.label}
            name={id}
            errors={state.fields?.[field.name]}
            hint={field.hint}
          >
            <input
              id={id}
              name={field.name}
              type="number"
              inputMode="numeric"
              defaultValue={state.values?.[field.name] ?? field.value}
              className={inputClass}
            />
          </Field>
        );
      })}
    </div>
  );
}

function Fieldset({ legend, children }: { legend: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-4 border-t border-slate-200 pt-4 first:border-t-0 first:pt-0 dark:border-slate-800">
      <legend className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">{legend}</legend>
      {children}
    </fieldset>
  );
}

/**
 * Every review setting as one flat form (the server action nests the fields again): routing
 * thresholds, automatic suspensions, the suspension recommender's threshold and weights, SLAs.
 */
export function ReviewSettingsForm({ action, settings }: { action: FormAction; settings: ReviewSettings }) {
  const { suspension } = settings;
  return (
    <ActionForm action={action} submit="Save settings" className="space-y-6">
      {(state) => {
        const autoSuspend = state.values
          ? state.values.autoExecuteSuspensions === "on"
          : settings.autoExecuteSuspensions;
        return (
          <>
            <Fieldset legend="Routing by confidence">
              <NumberInputs
                state={state}
                fields={[
                  {
                    name: "autoExecuteAt",
                    label: "Execute automatically from confidence",
                    hint: "0–100; at or above it no person is asked",
                    value: settings.autoExecuteAt,
                  },
                  {
                    name: "reviewAt",
                    label: "A reviewer decides from confidence",
                    hint: "Below it an owner decides (escalated)",
                    value: settings.reviewAt,
                  },
                ]}
              />
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="autoExecuteSuspensions"
                  defaultChecked={autoSuspend}
                  className="mt-0.5"
                />
                <span>
                  <span className="font-medium">Suspensions may execute automatically</span>
                  <span className="block text-xs text-slate-500">
                    Off: a person confirms every suspension, however confident the engine is.
                  </span>
                </span>
              </label>
            </Fieldset>
            <Fieldset legend="Suspension recommender">
              <NumberInputs
                state={state}
                fields={[
                  {
                    name: "suspension.threshold",
                    label: "Recommend a suspension from score",
                    hint: "0–100, the sum of the factors' points",
                    value: suspension.threshold,
                  },
                  {
                    name: "suspension.quietDaysAfterDecision",
                    label: "Quiet days after a decided suspension",
                    value: suspension.quietDaysAfterDecision,
                  },
                  {
                    name: "suspension.inactiveFromDays",
                    label: "Inactivity counts from (days)",
                    value: suspension.inactiveFromDays,
                  },
                  {
                    name: "suspension.inactiveFullDays",
                    label: "Inactivity counts fully at (days)",
                    value: suspension.inactiveFullDays,
                  },
                  {
                    name: "suspension.weights.inactivity",
                    label: "Weight of inactivity",
                    hint: "The most points it adds",
                    value: suspension.weights.inactivity,
                  },
                  {
                    name: "suspension.weights.unpaid",
                    label: "Weight of unpaid payments",
                    value: suspension.weights.unpaid,
                  },
                  {
                    name: "suspension.weights.rateLimitAbuse",
                    label: "Weight of rate-limit abuse",
                    value: suspension.weights.rateLimitAbuse,
                  },
                  {
                    name: "suspension.weights.criticalAnomalies",
                    label: "Weight of critical anomalies",
                    value: suspension.weights.criticalAnomalies,
                  },
                ]}
              />
            </Fieldset>
            <Fieldset legend="Time to decide (SLA, hours from when an item is raised)">
              <NumberInputs
                state={state}
                fields={(Object.keys(settings.slaHours) as ReviewItemKind[]).map((kind) => ({
                  name: `slaHours.${kind}`,
                  label: `${REVIEW_KINDS[kind].label} (hours)`,
                  value: settings.slaHours[kind],
                }))}
              />
            </Fieldset>
            {state.done && (
              <p role="status" className="text-sm text-emerald-600">
                Saved. New items are routed with these settings.
              </p>
            )}
          </>
        );
      }}
    </ActionForm>
  );
}
