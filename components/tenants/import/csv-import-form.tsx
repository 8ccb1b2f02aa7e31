"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { FormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { FieldErrors } from "@/lib/errors";
import type { TenantImportPreview } from "@/lib/tenants/csv-import-schemas";
import { ImportPreview } from "./import-preview";

type Refusal = { error: string; fields?: FieldErrors };

/**
 * Choose a CSV, see what importing it would do (a dry run on the server), then start the import,
 * which opens its progress page. The file stays in the form, so confirming sends it again.
 */
export function CsvImportForm({
  maxBytes,
  actions,
}: {
  maxBytes: number;
  actions: { preview: FormAction<TenantImportPreview>; start: FormAction<{ id: string }> };
}) {
  const router = useRouter();
  const previewing = useAction(actions.preview);
  const starting = useAction(actions.start);
  const form = useRef<HTMLFormElement>(null);
  const [preview, setPreview] = useState<TenantImportPreview | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [running, setRunning] = useState<"preview" | "start" | null>(null);
  const [, startTransition] = useTransition();

  // Checked here too, so a missing file or one too large is never sent only to be refused.
  function fileData(): FormData | null {
    const data = new FormData(form.current!);
    const file = data.get("file");
    if (!(file instanceof File) || file.name === "") {
      setRefusal({ error: "Choose a CSV file", fields: { file: ["Choose a CSV file"] } });
      return null;
    }
    if (file.size > maxBytes) {
      const message = `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; an import takes at most ${(maxBytes / 1024 / 1024).toFixed(1)} MB.`;
      setRefusal({ error: message, fields: { file: [message] } });
      return null;
    }
    return data;
  }

  function run(step: "preview" | "start") {
    const data = fileData();
    if (!data) return;
    setRunning(step);
    startTransition(async () => {
      try {
        if (step === "start") {
          const result = await starting.run(data);
          // Stays "Starting…" until the progress page opens, so it cannot be started twice.
          if (result.ok) return router.push(`/tenants/import/${result.data.id}`);
          setRefusal(result);
        } else {
          const result = await previewing.run(data);
          setRefusal(result.ok ? null : result);
          setPreview(result.ok ? result.data : null);
        }
      } catch {
        setRefusal({ error: "The server did not answer; try again." });
      }
      setRunning(null);
    });
  }

  const fileErrors = refusal?.fields?.file ?? refusal?.fields?.fileName ?? refusal?.fields?.content;
  const changes = preview ? preview.created + preview.updated : 0;
  return (
    <form
      ref={form}
      aria-label="Tenant import"
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        run("preview");
      }}
    >
      {/* A message already shown under the file input is not repeated on top. */}
      <FormError message={refusal && !fileErrors?.includes(refusal.error) ? refusal.error : undefined} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-80 flex-1">
          <Field label="CSV file" name="csv-file" errors={fileErrors}>
            <input
              id="csv-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-sm dark:file:bg-slate-800`}
              onChange={() => {
                setPreview(null);
                setRefusal(null);
              }}
            />
          </Field>
        </div>
        <Button type="submit" variant={preview ? "secondary" : "primary"} disabled={running !== null}>
          {running === "preview" ? "Checking every row…" : preview ? "Preview again" : "Preview import"}
        </Button>
      </div>
      {preview && (
        <ImportPreview
          preview={preview}
          actions={
            <div className="flex flex-wrap items-center gap-3">
              <Button type="button" onClick={() => run("start")} disabled={running !== null || changes === 0}>
                {running === "start" ? "Starting…" : "Start import"}
              </Button>
              <p className="text-sm text-slate-500">
                {changes === 0
                  ? "Nothing in this file would change; there is nothing to import."
                  : `Creates ${preview.created.toLocaleString("en")} and updates ${preview.updated.toLocaleString("en")} tenants in the background${preview.failed ? `; the ${preview.failed.toLocaleString("en")} refused rows are skipped` : ""}.`}
              </p>
            </div>
          }
        />
      )}
    </form>
  );
}
