"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";

/** Suspend or reactivate with a required reason (the reason goes into the audit log). */
export function StatusForm({
  tenantId,
  status,
  suspend,
  reactivate,
}: {
  tenantId: string;
  status: string;
  suspend: FormAction;
  reactivate: FormAction;
}) {
  const { state, formAction, pending } = useAction(status === "suspended" ? reactivate : suspend);
  if (status === "cancelled")
    return <p className="text-sm text-slate-500">A cancelled tenant cannot change status.</p>;
  const change = status === "suspended" ? "reactivate" : "suspend";
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <FormError message={state.error} />
      <input type="hidden" name="id" value={tenantId} />
      <Field
        label={change === "suspend" ? "Reason for suspending" : "Reason for reactivating"}
        name="reason"
        errors={state.fields?.reason}
      >
        <textarea
          id="reason"
          name="reason"
          rows={2}
          defaultValue={state.values?.reason}
          className={inputClass}
        />
      </Field>
      <Button type="submit" variant={change === "suspend" ? "danger" : "primary"} disabled={pending}>
        {change === "suspend" ? "Suspend tenant" : "Reactivate tenant"}
      </Button>
    </form>
  );
}
