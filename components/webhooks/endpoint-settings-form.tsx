"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import { EventTypePicker } from "./event-type-picker";

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
          <Field label="URL" name="url" errors={state.fields?.url}>
            <input
              id="url"
              name="url"
              type="url"
              defaultValue={state.values?.url ?? endpoint.url}
              className={inputClass}
            />
          </Field>
          <Field label="Description" name="description" errors={state.fields?.description}>
            <input
              id="description"
              name="description"
              defaultValue={state.values?.description ?? endpoint.description}
              className={inputClass}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" value="true" defaultChecked={endpoint.enabled} />
            Enabled (a disabled endpoint receives nothing; replay what it missed after enabling it)
          </label>
          <EventTypePicker selected={endpoint.eventTypes} errors={state.fields?.eventTypes} />
        </>
      )}
    </ActionForm>
  );
}
