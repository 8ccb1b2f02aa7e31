"use client";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { DocumentFields, type FileLimits } from "./document-fields";
import { useRouter } from "next/navigation";
import { postToRoute } from "@/components/ui/post-to-route";
import { formLevelError, useAction } from "@/components/ui/use-action";

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
  const router = useRouter();
  // Re-rendered from the server on success, so the list shows the new version.
  const renew = useAction(postToRoute<FormData, { id: string }>(`/api/documents/${documentId}/renew`), {
    onSuccess: () => router.refresh(),
  });
  const { submit, pending } = renew;
  const fields = renew.fields ?? {};
  return (
    <form onSubmit={submit} aria-label={`Renew ${label}`} className="space-y-3" noValidate>
      <FormError message={formLevelError(renew.state)} />
      <DocumentFields idPrefix={`renew-${documentId}`} fields={fields} limits={limits} title={title} />
      <Button type="submit" disabled={pending}>
        {pending ? "Renewing…" : "Renew"}
      </Button>
    </form>
  );
}
