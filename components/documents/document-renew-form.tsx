"use client";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { DocumentFields, type FileLimits } from "./document-fields";
import { useDocumentPost } from "./use-document-post";

/** A renewal of one current document: the new version takes its place, the old one becomes history. */
export function DocumentRenewForm({
  documentId,
  title,
  label,
  limits,
}: {
  documentId: string;
  title: string;
  label: string;
  limits: FileLimits;
}) {
  const { submit, pending, fields, formError } = useDocumentPost(`/api/documents/${documentId}/renew`);
  return (
    <form onSubmit={submit} aria-label={`Renew ${label}`} className="space-y-3" noValidate>
      <FormError message={formError} />
      <DocumentFields idPrefix={`renew-${documentId}`} fields={fields} limits={limits} title={title} />
      <Button type="submit" disabled={pending}>
        {pending ? "Renewing…" : "Renew"}
      </Button>
    </form>
  );
}
