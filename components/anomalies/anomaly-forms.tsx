"use client";

import type { ActionState } from "@/components/ui/use-action";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";

function Done({ state, message }: { state: ActionState<unknown>; message: string }) {
  return state.done ? (
    <p role="status" className="text-sm text-emerald-600">
      {message}
    </p>
  ) : null;
}

/** Someone is on it: acknowledges an active anomaly, or changes who has an acknowledged one. */
export function AcknowledgeForm({
  action,
  anomalyId,
  users,
  assigneeId,
  acknowledged,
}: {
  action: FormAction;
  anomalyId: string;
  users: { id: string; email: string }[];
  assigneeId: string | null;
  acknowledged: boolean;
}) {
  return (
    <ActionForm
      action={action}
      hidden={{ anomalyId }}
      submit={acknowledged ? "Save assignment" : "Acknowledge"}
      variant={acknowledged ? "secondary" : "primary"}
    >
      {(state) => (
        <>
          <Field label="Assignee" name="ack-assignee" errors={state.fields?.assigneeId}>
            <select
              id="ack-assignee"
              name="assigneeId"
              defaultValue={state.values?.assigneeId ?? assigneeId ?? ""}
              className={inputClass}
            >
              <option value="">Nobody in particular</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Note"
            name="ack-note"
            errors={state.fields?.note}
            hint="Optional; keeps the current note when empty"
          >
            <textarea
              id="ack-note"
              name="note"
              rows={2}
              defaultValue={state.values?.note}
              className={inputClass}
            />
          </Field>
          <Done state={state} message="Saved." />
        </>
      )}
    </ActionForm>
  );
}

/**
 * Closes the anomaly as resolved or as a false positive, with a note saying what it was. No success
 * line: closing takes the form off the page and the status shows the outcome.
 */
export function CloseAnomalyForm({
  action,
  anomalyId,
  outcome,
  label,
  submit,
}: {
  action: FormAction;
  anomalyId: string;
  outcome: "resolved" | "false_positive";
  label: string;
  submit: string;
}) {
  const id = `close-${outcome}-note`;
  return (
    <ActionForm
      action={action}
      hidden={{ anomalyId, outcome }}
      submit={submit}
      variant={outcome === "resolved" ? "primary" : "secondary"}
    >
      {(state) => (
        <Field label={label} name={id} errors={state.fields?.note}>
          <textarea id={id} name="note" rows={2} defaultValue={state.values?.note} className={inputClass} />
        </Field>
      )}
    </ActionForm>
  );
}

/** No anomalies for this tenant × metric until a date (UTC midnight). `idPrefix` keeps ids unique when a page has several. */
export function MuteSeriesForm({
  action,
  seriesId,
  defaultUntil,
  idPrefix = "mute",
}: {
  action: FormAction;
  seriesId: number;
  defaultUntil: string;
  idPrefix?: string;
}) {
  return (
    <ActionForm action={action} hidden={{ seriesId: String(seriesId) }} submit="Mute" variant="secondary">
      {(state) => (
        <>
          <div className="grid gap-3 sm:grid-cols-[11rem_1fr]">
            <Field
              label="Mute until"
              name={`${idPrefix}-until`}
              errors={state.fields?.until}
              hint="From midnight UTC"
            >
              <input
                id={`${idPrefix}-until`}
                name="until"
                type="date"
                defaultValue={state.values?.until ?? defaultUntil}
                className={inputClass}
              />
            </Field>
            <Field label="Reason for muting" name={`${idPrefix}-reason`} errors={state.fields?.reason}>
              <input
                id={`${idPrefix}-reason`}
                name="reason"
                defaultValue={state.values?.reason}
                className={inputClass}
              />
            </Field>
          </div>
          <Done state={state} message="Muted." />
        </>
      )}
    </ActionForm>
  );
}

/** Lifts a mute before its date. */
export function UnmuteSeriesForm({ action, seriesId }: { action: FormAction; seriesId: number }) {
  return (
    <ActionForm
      action={action}
      hidden={{ seriesId: String(seriesId) }}
      submit="Unmute"
      variant="secondary"
      className="flex items-center gap-2"
    />
  );
}
