import type { ActionResult } from "@/lib/actions/action-result";
import type { FieldErrors } from "@/lib/errors";

/**
 * A route handler taking a multipart form, answering like a server action, so a form uses it
 * through the same `useAction`. Document uploads stay routes: they stream a file against a size
 * limit of their own, which a server action's body limit cannot do.
 */
export function postFormTo<Data>(url: string): (form: FormData) => Promise<ActionResult<Data>> {
  return async (form) => {
    const response = await fetch(url, { method: "POST", body: form }).catch(() => null);
    if (!response) return { ok: false, error: "Could not reach Steward; nothing was saved. Try again." };
    if (response.ok) return { ok: true, data: (await response.json()) as Data };
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string; fields?: FieldErrors };
    } | null;
    return {
      ok: false,
      error: body?.error?.message ?? `The form could not be saved (${response.status}).`,
      fields: body?.error?.fields,
    };
  };
}
