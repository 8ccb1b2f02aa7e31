import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

/** A text input or select without a width, for filter bars that size their controls themselves. */
export const inputBaseClass =
  "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-invalid:border-rose-500 dark:border-slate-700 dark:bg-slate-900";

export const inputClass = `${inputBaseClass} w-full`;

/** A labelled form control with its validation messages underneath. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {/* Points the control at its messages, so a screen reader announces them. */}
      {isValidElement(children) && errors?.length
        ? cloneElement(children as ReactElement<Record<string, unknown>>, {
            "aria-describedby": `${name}-error`,
            "aria-invalid": true,
          })
        : children}
      {hint && !errors?.length && <p className="text-xs text-slate-500">{hint}</p>}
      {errors?.length ? (
        <div id={`${name}-error`}>
          {errors.map((message) => (
            <p key={message} className="text-xs text-rose-600 dark:text-rose-400">
              {message}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-300"
    >
      {message}
    </div>
  );
}
