"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";

type TenantValues = {
  id?: string;
  name: string;
  slug: string;
  plan: string;
  contactEmail: string;
  timezone: string;
  status?: string;
};

/** Create and edit form; field errors come back from the server action and show inline. */
type Props = {
  action: FormAction;
  initial: TenantValues;
  submitLabel: string;
  plans: readonly string[];
};

export function TenantForm({ action, initial, submitLabel, plans }: Props) {
  const { state, formAction, pending } = useAction(action);
  const value = (name: keyof TenantValues) => state.values?.[name] ?? initial[name] ?? "";
  const errors = (name: string) => state.fields?.[name];
  return (
    // Keyed on the returned values: React resets a form after its action, and a select would
    // otherwise fall back to the value it was first rendered with.
    <form
      key={JSON.stringify(state.values ?? {})}
      action={formAction}
      className="max-w-xl space-y-4"
      noValidate
    >
      <FormError message={state.error} />
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <Field label="Name" name="name" errors={errors("name")}>
        <input id="name" name="name" defaultValue={value("name")} className={inputClass} />
      </Field>
      <Field
        label="Slug"
        name="slug"
        errors={errors("slug")}
        hint="Lowercase letters, digits and dashes; unique."
      >
        <input id="slug" name="slug" defaultValue={value("slug")} className={inputClass} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Plan" name="plan" errors={errors("plan")}>
          <select id="plan" name="plan" defaultValue={value("plan")} className={inputClass}>
            <option value="">Choose…</option>
            {plans.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        {!initial.id && (
          <Field label="Status" name="status" errors={errors("status")}>
            <select
              id="status"
              name="status"
              defaultValue={value("status") || "trialing"}
              className={inputClass}
            >
              <option value="trialing">trialing</option>
              <option value="active">active</option>
            </select>
          </Field>
        )}
      </div>
      <Field
        label="Contact email"
        name="contactEmail"
        errors={errors("contactEmail")}
        hint="Stored encrypted."
      >
        <input
          id="contactEmail"
          name="contactEmail"
          type="email"
          defaultValue={value("contactEmail")}
          className={inputClass}
        />
      </Field>
      <Field
        label="Time zone"
        name="timezone"
        errors={errors("timezone")}
        hint="IANA name, e.g. Europe/Berlin"
      >
        <input
          id="timezone"
          name="timezone"
          defaultValue={value("timezone") || "UTC"}
          className={inputClass}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
