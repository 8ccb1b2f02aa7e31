"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { NewApiKeySecret } from "./new-api-key-secret";

type Props = {
  id: string;
  /** False once the key is rotated or revoked: the row then only shows a secret just made here. */
  rotatable: boolean;
  /** Grace periods in hours → their names. */
  graces: Record<string, string>;
  action: FormAction<{ key: string }>;
};

/** Rotates one key: the owner picks how long the old key keeps working, confirms, and sees the new secret once. */
export function RotateApiKeyForm({ id, rotatable, graces, action }: Props) {
  const { state, formAction, pending } = useAction(action);
  if (state.data?.key) return <NewApiKeySecret secret={state.data?.key} />;
  if (!rotatable) return null;
  const selectId = `grace-${id}`;
  const confirmRotation = (event: FormEvent<HTMLFormElement>) => {
    const hours = String(new FormData(event.currentTarget).get("graceHours"));
    const old =
      hours === "0"
        ? "The old key stops working at once."
        : `The old key keeps working for ${graces[hours]}.`;
    if (!confirm(`Rotate this key? ${old}`)) event.preventDefault();
  };
  return (
    <details className="text-left">
      <summary className="cursor-pointer text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Rotate
      </summary>
      <form
        action={formAction}
        onSubmit={confirmRotation}
        className="mt-2 space-y-2 whitespace-normal"
        noValidate
      >
        <FormError message={state.error} />
        <input type="hidden" name="id" value={id} />
        <Field
          label="Grace period"
          name={selectId}
          errors={state.fields?.graceHours}
          hint="How long the old key keeps working"
        >
          <select
            id={selectId}
            name="graceHours"
            defaultValue={state.values?.graceHours ?? "24"}
            className={inputClass}
          >
            {Object.entries(graces).map(([hours, label]) => (
              <option key={hours} value={hours}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>
          Rotate key
        </Button>
      </form>
    </details>
  );
}
