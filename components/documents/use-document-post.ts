"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FieldErrors } from "@/lib/errors";

/** A refusal from a document route: its message and the messages per field. */
export class DocumentPostError extends Error {
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

async function postForm(url: string, form: HTMLFormElement): Promise<{ id: string }> {
  const response = await fetch(url, { method: "POST", body: new FormData(form) });
  if (response.ok) return response.json();
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: string; fields?: FieldErrors };
  } | null;
  throw new DocumentPostError(
    body?.error?.message ?? `The document could not be saved (${response.status}).`,
    body?.error?.fields,
  );
}

/**
 * Posts a document form as multipart (the route reads the file), then empties the form and
 * re-renders the page from the server so the list shows the new version.
 */
export function useDocumentPost(url: string) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: (form: HTMLFormElement) => postForm(url, form),
    onSuccess: (_data, form) => {
      form.reset();
      router.refresh();
    },
  });
  const error = mutation.error instanceof DocumentPostError ? mutation.error : null;
  const fields = error?.fields ?? {};
  return {
    submit: (event: React.FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      mutation.mutate(event.currentTarget);
    },
    pending: mutation.isPending,
    saved: mutation.isSuccess,
    fields,
    // A message already shown next to its field is not repeated on top.
    formError:
      mutation.error && !Object.values(fields).flat().includes(mutation.error.message)
        ? mutation.error.message
        : undefined,
  };
}
