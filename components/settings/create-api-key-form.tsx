"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { NewApiKeySecret } from "./new-api-key-secret";

type Props = {
  action: FormAction<{ key: string }>;
  scopes: Record<string, string>;
};

export function CreateApiKeyForm({ action, scopes }: Props) {
  const { state, formAction, pending } = useAction(action);
  return (
    <div className="space-y-4">
      {state.data?.key && <NewApiKeySecret secret={state.data?.key} />}
      <form action={formAction} className="space-y-3" noValidate>
        <FormError message={state.error} />
        <Field
          label="Name"
          name="name"
          errors={state.fields?.name}
          hint="Where the key is used, e.g. billing-gateway"
        >
          <input id="name" name="name" defaultValue={state.values?.name} className={inputClass} />
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Scopes</legend>
          {Object.entries(scopes).map(([scope, description]) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="scopes" value={scope} className="mt-1" />
              <span>
                <code>{scope}</code> <span className="text-slate-500">{description}</span>
              </span>
            </label>
          ))}
          {state.fields?.scopes?.map((m) => (
            <p key={m} className="text-xs text-rose-600">
              {m}
            </p>
          ))}
        </fieldset>
        <Button type="submit" disabled={pending}>
          Create key
        </Button>
      </form>
    </div>
  );
}
