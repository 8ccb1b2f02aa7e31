"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import Link from "next/link";
import { NewApiKeySecret } from "@/components/settings/new-api-key-secret";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { EndpointFields } from "./endpoint-fields";

type Props = { action: FormAction<{ id: string; secret: string }> };

/** Adds an endpoint; its signing secret is shown once, right here. */
export function CreateEndpointForm({ action }: Props) {
  const { state, formAction, pending } = useAction(action);
  return (
    <div className="space-y-4">
      {state.data?.secret && (
        <div className="space-y-2">
          <NewApiKeySecret secret={state.data?.secret} noun="signing secret" />
          <Link
            href={`/settings/webhooks/${state.data?.id}`}
            className="text-sm text-indigo-600 hover:underline"
          >
            Open the endpoint
          </Link>
        </div>
      )}
      <form action={formAction} className="space-y-3" noValidate aria-label="Add an endpoint">
        <FormError message={state.error} />
        <EndpointFields
          values={state.values ?? {}}
          eventTypes={state.submitted?.getAll("eventTypes").map(String)}
          errors={state.fields}
        />
        <Button type="submit" disabled={pending}>
          Add endpoint
        </Button>
      </form>
    </div>
  );
}
