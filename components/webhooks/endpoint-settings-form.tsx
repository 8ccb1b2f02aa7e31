"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { EndpointFields } from "./endpoint-fields";

type Props = {
  endpoint: { id: string; url: string; description: string; eventTypes: string[]; enabled: boolean };
  action: FormAction;
};

/** Edits an endpoint: where it is, what it receives, whether it is on. */
export function EndpointSettingsForm({ endpoint, action }: Props) {
  return (
    <ActionForm action={action} hidden={{ id: endpoint.id }} submit="Save endpoint">
      {(state) => (
        <>
          {state.done && (
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              Saved.
            </p>
          )}
          <EndpointFields
            values={{
              url: state.values?.url ?? endpoint.url,
              description: state.values?.description ?? endpoint.description,
            }}
            eventTypes={endpoint.eventTypes}
            errors={state.fields}
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" value="true" defaultChecked={endpoint.enabled} />
            Enabled (a disabled endpoint receives nothing; replay what it missed after enabling it)
          </label>
        </>
      )}
    </ActionForm>
  );
}
