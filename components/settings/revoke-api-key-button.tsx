"use client";

import { useActionState } from "react";
import type { FormState } from "@/app/_server/form-state";

export function RevokeApiKeyButton({
  id,
  action,
}: {
  id: string;
  action: (state: FormState, data: FormData) => Promise<FormState>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!confirm("Revoke this key? Calls using it will be refused at once.")) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button
        disabled={pending}
        className="text-sm font-medium text-rose-600 hover:underline disabled:opacity-50"
      >
        Revoke
      </button>
      {state.error && (
        <p role="alert" className="text-xs text-rose-600">
          {state.error}
        </p>
      )}
    </form>
  );
}
