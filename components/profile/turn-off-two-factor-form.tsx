"use client";

import { useActionState } from "react";
import type { FormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";

/** Turning two-factor sign-in off takes a current code or a recovery code, so a stolen session cannot. */
export function TurnOffTwoFactorForm({
  action,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <FormError message={state.fields ? undefined : state.error} />
      <Field label="Current code or a recovery code" name="code" errors={state.fields?.code}>
        <input id="code" name="code" autoComplete="one-time-code" className={inputClass} />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        Turn off
      </Button>
    </form>
  );
}
