"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import type { ActionState } from "@/components/ui/use-action";

function Done({ state, message }: { state: ActionState<unknown>; message: string }) {
  return state.done ? (
    <p role="status" className="text-sm text-emerald-600">
      {message}
    </p>
  ) : null;
}

/** Several forms on the page ask for a reason, so each gets its own element id. */
function ReasonField({ id, label, state }: { id: string; label: string; state: ActionState<unknown> }) {
  return (
    <Field label={label} name={id} errors={state.fields?.reason}>
      <input id={id} name="reason" defaultValue={state.values?.reason} className={inputClass} />
    </Field>
  );
}

/** More days for a running or expired trial. */
export function ExtendTrialForm({ action, trialId }: { action: FormAction; trialId: string }) {
  return (
    <ActionForm action={action} hidden={{ trialId }} submit="Extend trial">
      {(state) => (
        <>
          <div className="grid gap-3 sm:grid-cols-[6rem_1fr]">
            <Field label="Days" name="extend-days" errors={state.fields?.days}>
              <input
                id="extend-days"
                name="days"
                inputMode="numeric"
                defaultValue={state.values?.days ?? "7"}
                className={inputClass}
              />
            </Field>
            <ReasonField id="extend-reason" label="Reason for extending" state={state} />
          </div>
          <Done state={state} message="Trial extended." />
        </>
      )}
    </ActionForm>
  );
}

/**
 * A decision that only needs a reason: converting by hand, expiring now. It has no success line:
 * the decision changes the trial's status, which takes this form off the page, and the status and
 * the timeline show the outcome.
 */
export function TrialDecisionForm({
  action,
  trialId,
  id,
  label,
  submit,
  variant,
}: {
  action: FormAction;
  trialId: string;
  id: string;
  label: string;
  submit: string;
  variant: "primary" | "danger";
}) {
  return (
    <ActionForm action={action} hidden={{ trialId }} submit={submit} variant={variant}>
      {(state) => <ReasonField id={id} label={label} state={state} />}
    </ActionForm>
  );
}

/** Sends one of the trial's reminder emails again. */
export function ResendReminderForm({
  action,
  trialId,
  kinds,
}: {
  action: FormAction;
  trialId: string;
  kinds: { value: string; label: string }[];
}) {
  return (
    <ActionForm action={action} hidden={{ trialId }} submit="Resend reminder" variant="secondary">
      {(state) => (
        <>
          <Field label="Reminder" name="reminder-kind" errors={state.fields?.kind}>
            <select
              id="reminder-kind"
              name="kind"
              defaultValue={state.values?.kind ?? kinds[0]?.value}
              className={inputClass}
            >
              {kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </Field>
          <Done state={state} message="Reminder queued." />
        </>
      )}
    </ActionForm>
  );
}
