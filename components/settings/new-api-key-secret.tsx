import { CopyButton } from "@/components/ui/copy-button";

/** A secret right after it was made (creation or rotation): the only time anyone sees it. */
export function NewApiKeySecret({ secret, noun = "key" }: { secret: string; noun?: string }) {
  return (
    <div
      role="status"
      className="whitespace-normal rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <div className="flex items-center justify-between gap-2">
        <p className="font-medium">Copy this {noun} now. It will not be shown again.</p>
        <CopyButton text={secret} label={`Copy ${noun}`} />
      </div>
      <code
        data-testid="new-api-key"
        className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs dark:bg-slate-900"
      >
        {secret}
      </code>
    </div>
  );
}
