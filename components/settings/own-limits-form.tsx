"use client";

import type { FormAction } from "@/components/ui/action-form";
import { ActionForm } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import type { OwnRateLimitsInput } from "@/lib/rate-limits/schemas";

export function OwnLimitsForm({ limits, action }: { limits: OwnRateLimitsInput; action: FormAction }) {
  return (
    <ActionForm action={action} submit="Save limits">
      {(state) => (
        <>
          {state.done && <p className="text-sm text-emerald-700 dark:text-emerald-400">Saved.</p>}
          <Field
            label="API requests per minute, per API key"
            name="apiPerMinute"
            errors={state.fields?.apiPerMinute}
            hint="Past it /api/v1 answers 429 with Retry-After. Rate-limit decisions are not counted."
          >
            <input
              id="apiPerMinute"
              name="apiPerMinute"
              inputMode="numeric"
              defaultValue={state.values?.apiPerMinute ?? String(limits.apiPerMinute)}
              className={inputClass}
            />
          </Field>
          <Field
            label="Sign-in attempts per minute, per address"
            name="signInPerMinute"
            errors={state.fields?.signInPerMinute}
            hint="On top of the slow-down and lockout per account and address."
          >
            <input
              id="signInPerMinute"
              name="signInPerMinute"
              inputMode="numeric"
              defaultValue={state.values?.signInPerMinute ?? String(limits.signInPerMinute)}
              className={inputClass}
            />
          </Field>
        </>
      )}
    </ActionForm>
  );
}
