"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";

export function RevokeApiKeyButton({ id, action }: { id: string; action: FormAction }) {
  const { state, formAction, pending } = useAction(action);
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
