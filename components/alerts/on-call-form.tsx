"use client";

import type { FormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { FormError, inputBaseClass } from "@/components/ui/field";
import { formLevelError, useAction } from "@/components/ui/use-action";

export type OnCallOwner = { id: string; name: string; email: string; position: number | null };

/** Each owner's place in the on-call order: 1 is called first; empty means only with everyone. */
export function OnCallForm({ action, owners }: { action: FormAction; owners: OnCallOwner[] }) {
  const form = useAction(action);
  return (
    <form action={form.formAction} className="space-y-4" noValidate>
      <FormError message={formLevelError(form.state) ?? form.fields?.userIds?.[0]} />
      {form.state.done && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Saved.
        </p>
      )}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {owners.map((owner) => (
          <li key={owner.id} className="flex items-center justify-between gap-4 py-2">
            <label htmlFor={`position-${owner.id}`} className="text-sm">
              {owner.name} <span className="text-slate-500">{owner.email}</span>
            </label>
            <input
              id={`position-${owner.id}`}
              name={`position:${owner.id}`}
              inputMode="numeric"
              defaultValue={owner.position === null ? "" : String(owner.position + 1)}
              placeholder="—"
              className={`${inputBaseClass} w-20`}
            />
          </li>
        ))}
      </ul>
      <Button type="submit" disabled={form.pending}>
        Save on-call order
      </Button>
    </form>
  );
}
