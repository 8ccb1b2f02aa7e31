"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";

const ROLES = ["OWNER", "REVIEWER", "VIEWER"] as const;

type Props = {
  user: { id: string; role: string; disabled: boolean };
  action: FormAction;
};

/** Role change and enable/disable for one user; refusals (e.g. the last owner) show inline. */
export function UserRowActions({ user, action }: Props) {
  const { state, formAction, pending } = useAction(action);
  const linkClass =
    "text-sm font-medium text-indigo-600 hover:underline disabled:opacity-50 dark:text-indigo-400";
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-3">
        {ROLES.filter((role) => role !== user.role).map((role) => (
          <form key={role} action={formAction}>
            <input type="hidden" name="id" value={user.id} />
            <input type="hidden" name="role" value={role} />
            <button className={linkClass} disabled={pending}>
              Make {role.toLowerCase()}
            </button>
          </form>
        ))}
        <form action={formAction}>
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="disabled" value={String(!user.disabled)} />
          <button className={linkClass} disabled={pending}>
            {user.disabled ? "Enable" : "Disable"}
          </button>
        </form>
      </div>
      {state.error && (
        <p role="alert" className="text-xs text-rose-600">
          {state.error}
        </p>
      )}
    </div>
  );
}
