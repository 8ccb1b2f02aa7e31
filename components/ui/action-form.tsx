"use client";

import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useAction, type ActionState } from "./use-action";

/** A server action a form can post to (every ServerAction takes a form's data), answering `Data`. */
export type FormAction<Data = unknown> = (form: FormData) => Promise<ActionResult<Data>>;

/**
 * A form posting to a server action: the action's error on top, its field messages handed to
 * `children`, the submit button disabled while it runs. `hidden` become hidden inputs.
 */
export function ActionForm<Data>({
  action,
  hidden = {},
  submit,
  variant = "primary",
  className = "space-y-3",
  onSuccess,
  children,
}: {
  action: FormAction<Data>;
  onSuccess?: (data: Data) => void;
  hidden?: Record<string, string>;
  submit: string;
  variant?: "primary" | "secondary" | "danger";
  className?: string;
  children?: (state: ActionState<Data>) => ReactNode;
}) {
  const form = useAction(action, { onSuccess });
  return (
    <form action={form.formAction} className={className} noValidate>
      <FormError message={form.error} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children?.(form.state)}
      <Button type="submit" variant={variant} disabled={form.pending}>
        {submit}
      </Button>
    </form>
  );
}
