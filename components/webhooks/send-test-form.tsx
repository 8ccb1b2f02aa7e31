"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";

/** Queues a `webhook.test` event to this endpoint only. */
export function SendTestForm({ id, action }: { id: string; action: FormAction }) {
  return (
    <ActionForm action={action} hidden={{ id }} submit="Send test event" variant="secondary">
      {(state) =>
        state.done && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Test event queued; it appears in the log in a moment.
          </p>
        )
      }
    </ActionForm>
  );
}
