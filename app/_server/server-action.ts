import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Action } from "@/lib/actions/define-action";
import { formValues, type ActionResult, type ServerAction } from "@/lib/actions/action-result";
import { describeError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { currentActor } from "./session";

type Options<Data> = {
  /** The action's input from a submitted form; by default its text fields as they are. */
  fromForm?: (form: FormData) => unknown;
  /** On success, every page under this path shows the change (the path and its layout are re-rendered). */
  revalidate?: string;
  /** On success, where the browser goes next (e.g. the record just created). */
  redirectTo?: (data: Data) => string;
};

function refusal(action: Action<unknown>, error: unknown): ActionResult<never> {
  const described = describeError(error);
  if (described.status >= 500)
    logger.error(
      { action: action.name, err: (error as Error).message, stack: (error as Error).stack },
      "action failed",
    );
  return { ok: false, error: described.message, fields: described.fields };
}

/**
 * The one way the browser changes something: `action` (a lib action, which checks the role and the
 * input) as a server action for a form or a direct call, run as the signed-in person. Errors come
 * back as messages, never thrown. Exported from an `actions.ts` ("use server") next to its pages:
 *
 *   export const banIpAction = serverAction(banIp, { revalidate: "/rate-limits" });
 */
export function serverAction<Data, Input>(
  action: Action<Data, Input>,
  options: Options<Data> = {},
): ServerAction<Input, Data> {
  const { fromForm = formValues, revalidate, redirectTo } = options;
  return async (input) => {
    let data: Data;
    try {
      const raw = input instanceof FormData ? await fromForm(input) : input;
      data = await action.execute(await currentActor(), raw);
    } catch (error) {
      return refusal(action, error);
    }
    if (revalidate) revalidatePath(revalidate, "layout");
    // Outside the try: redirect() works by throwing.
    if (redirectTo) redirect(redirectTo(data));
    return { ok: true, data };
  };
}
