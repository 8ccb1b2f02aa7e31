"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { DOCUMENT_TYPE_LABELS } from "@/lib/documents/schemas";
import { DocumentFields, type FileLimits } from "./document-fields";
import { postToRoute } from "@/components/ui/post-to-route";
import { formLevelError, useAction } from "@/components/ui/use-action";

const DEFAULT_TYPE = "contract";

/** An owner records one of the tenant's documents, with a file or as details only. */
export function DocumentUploadForm({
  tenantId,
  limits,
  requiredTypes,
}: {
  tenantId: string;
  limits: FileLimits;
  requiredTypes: string[];
}) {
  const router = useRouter();
  // Re-rendered from the server on success, so the list shows the new document.
  const upload = useAction(postToRoute<FormData, { id: string }>(`/api/tenants/${tenantId}/documents`), {
    onSuccess: () => router.refresh(),
  });
  const { submit, pending } = upload;
  const fields = upload.fields ?? {};
  const saved = upload.done && !pending;
  const [type, setType] = useState(DEFAULT_TYPE);
  const alwaysRequired = requiredTypes.includes(type);
  return (
    <form
      onSubmit={submit}
      onReset={() => setType(DEFAULT_TYPE)}
      aria-label="Add a document"
      className="space-y-3"
      noValidate
    >
      <FormError message={formLevelError(upload.state)} />
      <Field
        label="Type"
        name="upload-type"
        errors={fields.type}
        hint={alwaysRequired ? "Every running tenant must have one, so it is always required." : undefined}
      >
        <select
          id="upload-type"
          name="type"
          defaultValue={DEFAULT_TYPE}
          onChange={(e) => setType(e.target.value)}
          className={inputClass}
        >
          {Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {type === "custom" && (
        <Field label="Name of the type" name="upload-customType" errors={fields.customType}>
          <input
            id="upload-customType"
            name="customType"
            placeholder="e.g. Insurance certificate"
            className={inputClass}
          />
        </Field>
      )}
      <DocumentFields idPrefix="upload" fields={fields} limits={limits} />
      <label className="flex items-center gap-2 text-sm">
        {/* Remounted when the type changes: a type every tenant must have shows as required, and cannot be unticked. */}
        <input
          key={String(alwaysRequired)}
          type="checkbox"
          name="required"
          disabled={alwaysRequired}
          defaultChecked={alwaysRequired}
        />
        Required: its expiry recommends a suspension for review
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Add document"}
        </Button>
        {saved && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Document added.
          </p>
        )}
      </div>
    </form>
  );
}
