"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { NewApiKeySecret } from "@/components/settings/new-api-key-secret";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";

type Props = {
  id: string;
  overlaps: readonly number[];
  action: FormAction<{ secret: string }>;
};

const overlapLabel = (hours: number) =>
  hours === 0
    ? "none: the old secret stops now"
    : hours < 24
      ? `${hours} hour`
      : `${hours / 24} day${hours > 24 ? "s" : ""}`;

/** Rotates the signing secret; the old one keeps signing beside the new one for the overlap chosen. */
export function RotateSecretForm({ id, overlaps, action }: Props) {
  const { state, formAction, pending } = useAction(action);
  return (
    <div className="space-y-3">
      {state.data?.secret && <NewApiKeySecret secret={state.data?.secret} noun="signing secret" />}
      <form action={formAction} className="space-y-3" noValidate aria-label="Rotate the secret">
        <FormError message={state.error} />
        <input type="hidden" name="id" value={id} />
        <Field
          label="Overlap"
          name="overlapHours"
          errors={state.fields?.overlapHours}
          hint="How long both secrets sign"
        >
          <select id="overlapHours" name="overlapHours" defaultValue="24" className={inputClass}>
            {overlaps.map((hours) => (
              <option key={hours} value={hours}>
                {overlapLabel(hours)}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>
          Rotate secret
        </Button>
      </form>
    </div>
  );
}
