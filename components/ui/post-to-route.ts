import type { ServerAction } from "@/lib/actions/action-result";
import type { FieldErrors } from "@/lib/errors";

/**
 * A POST route answering like a server action, so a component calls it through the same
 * `useAction`: a form's data goes as multipart, any other input as JSON. Document uploads stay
 * routes because they stream a file against a size limit of their own; marking notifications read
 * because the header's bell and the machine-facing tests share the route.
 */
export function postToRoute<Input, Data>(url: string): ServerAction<Input, Data> {
  return async (input) => {
    const init: RequestInit =
      input instanceof FormData
        ? { method: "POST", body: input }
        : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) };
    const response = await fetch(url, init).catch(() => null);
    if (!response) return { ok: false, error: "Could not reach Steward; nothing was saved. Try again." };
    if (response.ok) return { ok: true, data: (await response.json()) as Data };
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string; fields?: FieldErrors };
    } | null;
    return {
      ok: false,
      error: body?.error?.message ?? `The change could not be saved (${response.status}).`,
      fields: body?.error?.fields,
    };
  };
}
