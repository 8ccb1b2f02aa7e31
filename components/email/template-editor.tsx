"use client";

import type { FormAction } from "@/components/ui/action-form";
import { useAction } from "@/components/ui/use-action";
import { useMemo, useState } from "react";
import { checkTemplate, renderTemplate, type TemplateParts } from "@/lib/email/render-template";
import { sampleValues } from "@/lib/email/sample-values";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError, inputClass } from "@/components/ui/field";

type Props = {
  action: FormAction;
  sendTest: FormAction;
  template: TemplateParts & { key: string; variables: string[] };
};

/** Editor with a live preview filled with sample values; the server checks the placeholders again on save. */
export function TemplateEditor({ action, sendTest, template }: Props) {
  const { state, formAction, pending } = useAction(action);
  const { state: testState, formAction: testAction, pending: testPending } = useAction(sendTest);
  const [parts, setParts] = useState<TemplateParts>({
    subject: template.subject,
    html: template.html,
    text: template.text,
  });
  const samples = useMemo(
    () => sampleValues(template.key, template.variables),
    [template.key, template.variables],
  );
  const problems = checkTemplate(parts, template.variables);
  const preview = Object.keys(problems).length ? null : renderTemplate(parts, samples);
  const errors = (field: keyof TemplateParts) => state.fields?.[field] ?? problems[field];
  const bind = (field: keyof TemplateParts) => ({
    id: field,
    name: field,
    value: parts[field],
    onChange: (e: { target: { value: string } }) => setParts({ ...parts, [field]: e.target.value }),
  });

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form action={formAction} className="space-y-4" noValidate>
        <FormError message={state.error} />
        {state.done && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Saved.
          </p>
        )}
        <input type="hidden" name="key" value={template.key} />
        <p className="text-sm text-slate-500">
          Variables:{" "}
          {template.variables.map((v) => (
            <code
              key={v}
              className="mr-2 rounded bg-slate-100 px-1 text-slate-700 dark:bg-slate-800 dark:text-slate-200"
            >{`{{${v}}}`}</code>
          ))}
        </p>
        <Field label="Subject" name="subject" errors={errors("subject")}>
          <input {...bind("subject")} className={inputClass} />
        </Field>
        <Field label="HTML part" name="html" errors={errors("html")}>
          <textarea {...bind("html")} rows={10} className={`${inputClass} font-mono text-xs`} />
        </Field>
        <Field label="Text part" name="text" errors={errors("text")}>
          <textarea {...bind("text")} rows={8} className={`${inputClass} font-mono text-xs`} />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save template"}
        </Button>
      </form>
      <form action={testAction} className="lg:col-start-2 lg:row-start-2">
        <input type="hidden" name="key" value={template.key} />
        <Button type="submit" variant="secondary" disabled={testPending}>
          Send the saved version to me
        </Button>
        {testState.done && (
          <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
            Queued. See Settings › Email log.
          </p>
        )}
        {testState.error && (
          <p role="alert" className="mt-2 text-sm text-rose-600">
            {testState.error}
          </p>
        )}
      </form>
      <Card title="Preview (sample values)">
        {preview ? (
          <div className="space-y-3" data-testid="template-preview">
            <p className="text-sm">
              <span className="text-slate-500">Subject:</span>{" "}
              <span data-testid="preview-subject">{preview.subject}</span>
            </p>
            <iframe
              title="HTML preview"
              sandbox=""
              srcDoc={preview.html}
              className="h-64 w-full rounded border border-slate-200 bg-white dark:border-slate-700"
            />
            <pre className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs dark:bg-slate-800">
              {preview.text}
            </pre>
          </div>
        ) : (
          <p className="text-sm text-amber-700">Fix the highlighted fields to see the preview.</p>
        )}
      </Card>
    </div>
  );
}
