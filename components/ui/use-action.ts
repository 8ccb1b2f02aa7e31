"use client";

import { startTransition, useActionState, useMemo, type FormEvent } from "react";
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

type Answer<Data> = { result: ActionResult<Data>; form?: FormData };
/** A form's data, or a direct call waiting for its answer. */
type Call<Input, Data> =
  | FormData
  | {
      input: Input | FormData;
      settle: (result: ActionResult<Data>) => void;
      fail: (error: unknown) => void;
    };

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
  const { onSuccess } = options;
  // Through useActionState, so a form's answer and React's reset of the form show in one render.
  const [last, dispatch, pending] = useActionState(
    async (previous: Answer<Data> | null, call: Call<Input, Data>): Promise<Answer<Data> | null> => {
      const input = call instanceof FormData ? call : call.input;
      try {
        const result = await action(input);
        // A redirecting action answers nothing: the page is already on its way elsewhere.
        if (!result) return previous;
        if (result.ok) onSuccess?.(result.data);
        if (!(call instanceof FormData)) call.settle(result);
        return { result, form: input instanceof FormData ? input : undefined };
      } catch (error) {
        if (call instanceof FormData) throw error;
        call.fail(error);
        return previous;
      }
    },
    null,
  );

  const run = (input: Input | FormData) =>
    new Promise<ActionResult<Data>>((settle, fail) =>
      startTransition(() => dispatch({ input, settle, fail })),
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
    /** For `<form action={…}>`. */
    formAction: dispatch as (form: FormData) => void,
    /** For `<form onSubmit={…}>`: the form keeps its fields after a refusal, and is emptied after a success. */
    submit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      void run(new FormData(form)).then((result) => result.ok && form.reset());
    },
  };
}
