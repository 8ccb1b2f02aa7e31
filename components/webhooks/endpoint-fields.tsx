import type { FieldErrors } from "@/lib/errors";
import { Field, inputClass } from "@/components/ui/field";
import { EventTypePicker } from "./event-type-picker";

type Props = {
  /** What the form shows: the values sent back with errors, else the endpoint's own. */
  values: { url?: string; description?: string };
  eventTypes?: string[];
  errors?: FieldErrors;
};

/** Where an endpoint is and what it receives: the fields of adding and of editing one. */
export function EndpointFields({ values, eventTypes, errors }: Props) {
  return (
    <>
      <Field label="URL" name="url" errors={errors?.url} hint="Where Steward POSTs events">
        <input
          id="url"
          name="url"
          type="url"
          defaultValue={values.url}
          placeholder="https://platform.example.com/webhooks/steward"
          className={inputClass}
        />
      </Field>
      <Field label="Description" name="description" errors={errors?.description}>
        <input id="description" name="description" defaultValue={values.description} className={inputClass} />
      </Field>
      <EventTypePicker selected={eventTypes} errors={errors?.eventTypes} />
    </>
  );
}
