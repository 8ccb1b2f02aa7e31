"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { NewSecretState } from "@/app/(dashboard)/settings/webhooks/actions";
import { NewApiKeySecret } from "@/components/settings/new-api-key-secret";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { EndpointFields } from "./endpoint-fields";

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
        <EndpointFields values={state.values ?? {}} eventTypes={state.eventTypes} errors={state.fields} />
        <Button type="submit" disabled={pending}>
          Add endpoint
        </Button>
      </form>
    </div>
  );
}
