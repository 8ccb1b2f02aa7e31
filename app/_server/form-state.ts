import type { FieldErrors } from "@/lib/errors";

/** What a form's server action hands back: errors plus the submitted values to refill the form, or `done`. */
export type FormState = {
  error?: string;
  fields?: FieldErrors;
  values?: Record<string, string>;
  done?: boolean;
};

/** A form's text fields, without the `$ACTION_…` fields React adds to a bound server action's form data. */
export function formValues(formData: FormData): Record<string, string> {
  return Object.fromEntries(
    [...formData.entries()].filter(
      (e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("$ACTION"),
    ),
  );
}
