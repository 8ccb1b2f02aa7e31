"use client";

import type { FormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { formLevelError, useAction } from "@/components/ui/use-action";

/** Turning two-factor sign-in off takes a current code or a recovery code, so a stolen session cannot. */
export function TurnOffTwoFactorForm({ action }: { action: FormAction }) {
  const form = useAction(action);
  return (
    <form action={form.formAction} className="space-y-3" noValidate>
      <FormError message={formLevelError(form.state)} />
      <Field label="Current code or a recovery code" name="code" errors={form.fields?.code}>
        <input id="code" name="code" autoComplete="one-time-code" className={inputClass} />
      </Field>
      <Button type="submit" variant="secondary" disabled={form.pending}>
        Turn off
      </Button>
    </form>
  );
}
