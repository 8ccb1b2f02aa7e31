"use client";

import { useActionState, type ReactNode } from "react";
import type { FormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

export type FormAction = (state: FormState, data: FormData) => Promise<FormState>;

/**
 * A form posting to a server action: the action's error on top, its field messages handed to
 * `children`, the submit button disabled while it runs. `hidden` become hidden inputs.
 */
export function ActionForm({
  action,
  hidden = {},
  submit,
  variant = "primary",
  className = "space-y-3",
  children,
}: {
  action: FormAction;
  hidden?: Record<string, string>;
  submit: string;
  variant?: "primary" | "secondary" | "danger";
  className?: string;
  children?: (state: FormState) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className} noValidate>
      <FormError message={state.error} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children?.(state)}
      <Button type="submit" variant={variant} disabled={pending}>
        {submit}
      </Button>
    </form>
  );
}
