"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { ReviewAction } from "@/lib/generated/prisma/enums";
import { ACTION_LABELS } from "@/lib/review/action-labels";
import type { FieldErrors } from "@/lib/errors";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { ReviewWorkspaceActions } from "./review-actions";

export type Verdict = "approve" | "reject" | "modify";

const TITLES: Record<Verdict, string> = {
  approve: "Approve the recommendation",
  reject: "Reject the recommendation",
  modify: "Modify the recommendation",
};
const CONFIRM: Record<Verdict, string> = { approve: "Approve", reject: "Reject", modify: "Execute instead" };

type Item = {
  id: string;
  summary: string;
  recommendedAction: ReviewAction | null;
  allowedActions: readonly ReviewAction[];
};

/**
 * The confirmation of a decision, as a modal dialog: focus starts on what needs an answer (the
 * confirm button to approve, the note to reject, the action to modify); Enter confirms (Shift+Enter
 * is a new line in the note), Esc cancels. The server's refusal (a conflict, a missing note) is
 * shown in the dialog, which stays open.
 */
export function DecisionDialog({
  verdict,
  item,
  onCancel,
  onDecided,
  decide,
}: {
  verdict: Verdict;
  item: Item;
  decide: ReviewWorkspaceActions["decide"];
  onCancel: () => void;
  onDecided: (message: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { run, pending } = useAction(decide);
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  const alternatives = item.allowedActions.filter((action) => action !== item.recommendedAction);
  const recommended = item.recommendedAction ? ACTION_LABELS[item.recommendedAction] : "nothing";

  useEffect(() => {
    const element = dialog.current!;
    element.showModal();
    element.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => element.close();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const note = String(data.get("note") ?? "").trim();
    const input =
      verdict === "modify"
        ? { itemId: item.id, verdict, action: String(data.get("action") ?? "") as ReviewAction, note }
        : verdict === "reject"
          ? { itemId: item.id, verdict, note }
          : { itemId: item.id, verdict, ...(note ? { note } : {}) };
    void (async () => {
      const result = await run(input).catch(() => ({
        ok: false as const,
        error: "Could not reach Steward; nothing was decided. Try again.",
      }));
      if (!result.ok) {
        setError({ message: result.error, fields: "fields" in result ? result.fields : undefined });
        return;
      }
      const action = verdict === "modify" ? ACTION_LABELS[input.action as ReviewAction] : recommended;
      onDecided(
        verdict === "reject"
          ? `Rejected: ${recommended} will not be executed.`
          : `${verdict === "approve" ? "Approved" : "Modified"}: ${action} is being executed.`,
      );
    })();
  }

  // Enter in the note or the action list confirms too; in a text field or on a button the browser does it.
  function confirmOnEnter(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target as HTMLElement;
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    if (target.tagName !== "TEXTAREA" && target.tagName !== "SELECT") return;
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="decision-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      <form onSubmit={submit} onKeyDown={confirmOnEnter} className="space-y-4 p-5" noValidate>
        <div>
          <h2 id="decision-title" className="text-lg font-semibold">
            {TITLES[verdict]}
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{item.summary}</p>
          <p className="mt-2 text-sm">
            {verdict === "approve" && (
              <>
                Execute <strong>{recommended}</strong>, as the engine recommends.
              </>
            )}
            {verdict === "reject" && (
              <>
                Do not execute <strong>{recommended}</strong>; nothing is executed.
              </>
            )}
            {verdict === "modify" && (
              <>
                Execute another action than <strong>{recommended}</strong>.
              </>
            )}
          </p>
        </div>
        <FormError message={error?.message} />
        {verdict === "modify" && (
          <Field label="Action to execute" name="decision-action" errors={error?.fields?.action}>
            <select
              id="decision-action"
              name="action"
              data-autofocus
              className={inputClass}
              defaultValue={alternatives[0]}
            >
              {alternatives.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABELS[action]}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field
          label={verdict === "approve" ? "Note (optional)" : "Why (required)"}
          name="decision-note"
          errors={error?.fields?.note}
        >
          <textarea
            id="decision-note"
            name="note"
            rows={3}
            className={inputClass}
            data-autofocus={verdict === "reject" ? true : undefined}
          />
        </Field>
        <p className="text-xs text-slate-500">
          <kbd>Enter</kbd> confirms · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>Esc</kbd> cancels
        </p>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={verdict === "reject" ? "danger" : "primary"}
            disabled={pending}
            data-autofocus={verdict === "approve" ? true : undefined}
          >
            {pending ? "Saving…" : CONFIRM[verdict]}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
