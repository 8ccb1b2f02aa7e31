"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";

export function CreateUserForm({ action }: { action: FormAction }) {
  const { state, formAction, pending } = useAction(action);
  const v = (name: string) => state.values?.[name] ?? "";
  return (
    <form action={formAction} className="space-y-3" noValidate key={state.done ? "reset" : "edit"}>
      <FormError message={state.error} />
      <Field label="Email" name="email" errors={state.fields?.email}>
        <input id="email" name="email" type="email" defaultValue={v("email")} className={inputClass} />
      </Field>
      <Field label="Name" name="name" errors={state.fields?.name}>
        <input id="name" name="name" defaultValue={v("name")} className={inputClass} />
      </Field>
      <Field label="Role" name="role" errors={state.fields?.role}>
        <select id="role" name="role" defaultValue={v("role") || "REVIEWER"} className={inputClass}>
          <option value="REVIEWER">Reviewer</option>
          <option value="VIEWER">Viewer (read-only)</option>
          <option value="OWNER">Owner</option>
        </select>
      </Field>
      <Field
        label="Initial password"
        name="password"
        errors={state.fields?.password}
        hint="At least 12 characters; share it privately."
      >
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          className={inputClass}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        Create user
      </Button>
    </form>
  );
}
