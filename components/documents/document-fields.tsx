import { Field, inputClass } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

/** What the file input accepts, from the server's storage settings. */
export type FileLimits = { accept: string; maxBytes: number };

const megabytes = new Intl.NumberFormat("en", { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });

/**
 * The fields an upload and a renewal share: title, expiry date (its last valid day), notes and the optional file.
 * `idPrefix` keeps the ids of several forms on one page apart.
 */
export function DocumentFields({
  idPrefix,
  fields,
  limits,
  title = "",
}: {
  idPrefix: string;
  fields: FieldErrors;
  limits: FileLimits;
  title?: string;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <Field label="Title" name={id("title")} errors={fields.title}>
        <input id={id("title")} name="title" defaultValue={title} className={inputClass} />
      </Field>
      <Field
        label="Expires on"
        name={id("expiresOn")}
        errors={fields.expiresOn}
        hint="The last day the document is valid."
      >
        <input id={id("expiresOn")} name="expiresOn" type="date" className={inputClass} />
      </Field>
      <Field label="Notes" name={id("notes")} errors={fields.notes}>
        <textarea id={id("notes")} name="notes" rows={2} className={inputClass} />
      </Field>
      <Field
        label="File"
        name={id("file")}
        errors={fields.file}
        hint={`Optional: ${limits.accept.replaceAll(",", ", ")}, up to ${megabytes.format(limits.maxBytes / 1_048_576)}. Without a file only the details are recorded.`}
      >
        <input
          id={id("file")}
          name="file"
          type="file"
          accept={limits.accept}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 dark:file:bg-slate-800"
        />
      </Field>
    </>
  );
}
