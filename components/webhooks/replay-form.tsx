"use client";

import { useSyncExternalStore } from "react";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";

/** The browser's offset from UTC as ±HH:MM, so the server reads the wall time as the person meant it. */
function browserOffset(): string {
  const minutes = -new Date().getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const neverChanges = () => () => {};

/** After an outage: every event since a moment is delivered again, oldest first per tenant. */
export function ReplayForm({ id, action }: { id: string; action: FormAction }) {
  // The server renders UTC; the browser switches to its own offset after hydration.
  const offset = useSyncExternalStore(neverChanges, browserOffset, () => "Z");
  return (
    <ActionForm action={action} hidden={{ id }} submit="Replay" variant="secondary">
      {(state) => (
        <>
          {state.done && (
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              Replay queued.
            </p>
          )}
          <input type="hidden" name="offset" value={offset} />
          <Field label="Everything since" name="since" errors={state.fields?.since}>
            <input
              id="since"
              name="since"
              type="datetime-local"
              defaultValue={state.values?.since}
              className={inputClass}
            />
          </Field>
        </>
      )}
    </ActionForm>
  );
}
