/** Shown to a VIEWER on every page: what they see is everything, what they can change is nothing. */
export function ReadOnlyBanner() {
  return (
    <p
      role="note"
      className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
    >
      Read-only access: you can see everything and change nothing but your own sign-in (Profile).
    </p>
  );
}
