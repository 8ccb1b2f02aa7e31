import type { FieldErrors } from "@/lib/errors";

/** A form's text fields as sent, to show again in the form. */
export type FormValues = Record<string, string>;

/** A form's text fields (the first of a repeated one wins), without the `$ACTION_…` fields React adds. */
export function formValues(form: FormData): FormValues {
  return Object.fromEntries(
    [...form.entries()].filter(
      (e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("$ACTION"),
    ),
  );
}

/**
 * What every change made from the browser answers, whether a server action or a document upload
 * route: the action's data, or the message and the messages per field. `values` are the form's
 * fields to show again (after a refusal, or when a form keeps what was saved).
 */
export type ActionResult<Data> =
  | { ok: true; data: Data; values?: FormValues }
  | { ok: false; error: string; fields?: FieldErrors; values?: FormValues };

/**
 * A change the browser can ask for: called with the action's input, or with a form's data (the
 * server reads the fields it needs). Made by `serverAction` in app/_server/server-action.ts.
 */
export type ServerAction<Input, Data> = (input: Input | FormData) => Promise<ActionResult<Data>>;
