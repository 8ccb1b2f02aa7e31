"use client";

import { useMemo, useState, useTransition, type FormEvent } from "react";
import {
  formValues,
  type ActionResult,
  type FormValues,
  type ServerAction,
} from "@/lib/actions/action-result";
import type { FieldErrors } from "@/lib/errors";

/** What a form or button shows about its last call. */
export type ActionState<Data> = {
  /** The last call succeeded. */
  done: boolean;
  data?: Data;
  error?: string;
  fields?: FieldErrors;
  /** The last submitted form's fields to show again after a refusal (never a password). */
  values?: FormValues;
  /** The last submitted form, for fields sent several times (a group of checkboxes). */
  submitted?: FormData;
};

type Options<Data> = { onSuccess?: (data: Data) => void };

/** What the form showed, except a password, which is typed again. */
function valuesToShow(form: FormData): FormValues {
  const { password: _password, ...values } = formValues(form);
  return values;
}

/** The refusal's message for the top of the form, unless a field already shows it. */
export function formLevelError(state: ActionState<unknown>): string | undefined {
  const byFields = Object.values(state.fields ?? {}).flat();
  return state.error && !byFields.includes(state.error) ? state.error : undefined;
}

/**
 * The one client side of every change: calls `action` (a server action, or a route answering the
 * same result) and keeps its answer for the form. `formAction` goes in `<form action={…}>` (React
 * empties the form after each answer, so `values` refill it after a refusal); `submit` goes in
 * `<form onSubmit={…}>` for a form that must keep what was chosen after a refusal (a file), and
 * is emptied only after a success; `run` calls the action with typed input and resolves to the result.
 *
 *   const ban = useAction(banIpAction);
 *   <form action={ban.formAction}>… {ban.fields?.ip} …</form>
 */
export function useAction<Input, Data>(action: ServerAction<Input, Data>, options: Options<Data> = {}) {
  const [last, setLast] = useState<{ result: ActionResult<Data>; form?: FormData } | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (input: Input | FormData) =>
    new Promise<ActionResult<Data>>((resolve, reject) =>
      startTransition(async () => {
        try {
          const result = await action(input);
          // A redirecting action answers nothing: the page is already on its way elsewhere.
          if (!result) return;
          // After an await the update must be marked again, or it would show before the form is reset.
          startTransition(() => setLast({ result, form: input instanceof FormData ? input : undefined }));
          if (result.ok) options.onSuccess?.(result.data);
          resolve(result);
        } catch (error) {
          reject(error);
        }
      }),
    );

  // One object per answer, so an effect can depend on it.
  const state = useMemo((): ActionState<Data> => {
    const result = last?.result;
    const form = result?.ok ? undefined : last?.form;
    return {
      done: result?.ok === true,
      data: result?.ok ? result.data : undefined,
      error: result && !result.ok ? result.error : undefined,
      fields: result && !result.ok ? result.fields : undefined,
      values: form && valuesToShow(form),
      submitted: form,
    };
  }, [last]);
  return {
    ...state,
    state,
    pending,
    run,
    formAction: async (form: FormData) => {
      await run(form);
    },
    submit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      void run(new FormData(form)).then((result) => result.ok && form.reset());
    },
  };
}
