"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import type { ActionState } from "@/components/ui/use-action";

export type PolicyValues = {
  enabled: boolean;
  shadow: boolean;
  perMinute: number | null;
  perHour: number | null;
  perDay: number | null;
  banAfterViolations: number | null;
  banWindowSeconds: number;
  banDurationSeconds: number;
  overrideLimits?: boolean;
  overrideAutoBan?: boolean;
};

function Checkbox({
  name,
  label,
  checked,
  hint,
}: {
  name: string;
  label: string;
  checked: boolean;
  hint?: string;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={checked} className="mt-0.5" />
      <span>
        {label}
        {hint && <span className="block text-xs text-slate-500">{hint}</span>}
      </span>
    </label>
  );
}

function NumberField({
  name,
  label,
  value,
  state,
  hint,
}: {
  name: keyof PolicyValues;
  label: string;
  value: number | null;
  state: ActionState<unknown>;
  hint?: string;
}) {
  return (
    <Field label={label} name={name} errors={state.fields?.[name]} hint={hint}>
      <input
        id={name}
        name={name}
        inputMode="numeric"
        defaultValue={state.values?.[name] ?? value ?? ""}
        className={inputClass}
      />
    </Field>
  );
}

/** The global policy, or a tenant's (`tenantId` set): then limits and auto-ban are inherited unless overridden. */
export function PolicyForm({
  action,
  policy,
  tenantId,
}: {
  action: FormAction;
  policy: PolicyValues;
  tenantId?: string;
}) {
  return (
    <ActionForm action={action} hidden={tenantId ? { tenantId } : {}} submit="Save policy">
      {(state) => (
        <>
          <div className="flex flex-wrap gap-6">
            <Checkbox name="enabled" label="Rate limiting on" checked={policy.enabled} />
            <Checkbox
              name="shadow"
              label="Shadow mode"
              checked={policy.shadow}
              hint="Count what would be denied, deny nothing"
            />
          </div>
          {tenantId && (
            <Checkbox
              name="overrideLimits"
              label="Own limits instead of the global ones"
              checked={!!policy.overrideLimits}
            />
          )}
          <div className="grid gap-3 sm:grid-cols-3">
            <NumberField
              name="perMinute"
              label="Per minute (burst)"
              value={policy.perMinute}
              state={state}
              hint="Empty: no limit"
            />
            <NumberField name="perHour" label="Per hour" value={policy.perHour} state={state} />
            <NumberField name="perDay" label="Per day" value={policy.perDay} state={state} />
          </div>
          {tenantId && (
            <Checkbox
              name="overrideAutoBan"
              label="Own auto-ban policy instead of the global one"
              checked={!!policy.overrideAutoBan}
            />
          )}
          <div className="grid gap-3 sm:grid-cols-3">
            <NumberField
              name="banAfterViolations"
              label="Ban after violations"
              value={policy.banAfterViolations}
              state={state}
              hint="Empty: never ban automatically"
            />
            <NumberField
              name="banWindowSeconds"
              label="Within (seconds)"
              value={policy.banWindowSeconds}
              state={state}
            />
            <NumberField
              name="banDurationSeconds"
              label="Ban for (seconds)"
              value={policy.banDurationSeconds}
              state={state}
            />
          </div>
          {state.done && (
            <p className="text-sm text-emerald-600">Saved; every instance applies it within a second.</p>
          )}
        </>
      )}
    </ActionForm>
  );
}
