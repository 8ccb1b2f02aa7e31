/** A secret right after it was made (creation or rotation): the only time anyone sees it. */
export function NewApiKeySecret({ secret, noun = "key" }: { secret: string; noun?: string }) {
  return (
    <div
      role="status"
      className="whitespace-normal rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <p className="font-medium">Copy this {noun} now. It will not be shown again.</p>
      <code
        data-testid="new-api-key"
        className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs dark:bg-slate-900"
      >
        {secret}
      </code>
    </div>
  );
}
