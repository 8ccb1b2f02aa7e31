"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { NewSecretState } from "@/app/(dashboard)/settings/webhooks/actions";
import { NewApiKeySecret } from "@/components/settings/new-api-key-secret";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { EventTypePicker } from "./event-type-picker";

type Props = { action: (state: NewSecretState, data: FormData) => Promise<NewSecretState> };

/** Adds an endpoint; its signing secret is shown once, right here. */
export function CreateEndpointForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <div className="space-y-4">
      {state.newSecret && (
        <div className="space-y-2">
          <NewApiKeySecret secret={state.newSecret} noun="signing secret" />
          <Link
            href={`/settings/webhooks/${state.endpointId}`}
            className="text-sm text-indigo-600 hover:underline"
          >
            Open the endpoint
          </Link>
        </div>
      )}
      <form action={formAction} className="space-y-3" noValidate aria-label="Add an endpoint">
        <FormError message={state.error} />
        <Field label="URL" name="url" errors={state.fields?.url} hint="Where Steward POSTs events">
          <input
            id="url"
            name="url"
            type="url"
            defaultValue={state.values?.url}
            placeholder="https://platform.example.com/webhooks/steward"
            className={inputClass}
          />
        </Field>
        <Field label="Description" name="description" errors={state.fields?.description}>
          <input
            id="description"
            name="description"
            defaultValue={state.values?.description}
            className={inputClass}
          />
        </Field>
        <EventTypePicker errors={state.fields?.eventTypes} />
        <Button type="submit" disabled={pending}>
          Add endpoint
        </Button>
      </form>
    </div>
  );
}
