import type { Action } from "@/lib/actions/define-action";
import { describeError, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { currentActor } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fields?: FieldErrors };

/** Server actions call lib actions through this: the actor comes from the session, errors become messages. */
export async function runAction<T>(action: Action<T>, input: unknown): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await action.execute(await currentActor(), input) };
  } catch (error) {
    const described = describeError(error);
    if (described.status >= 500)
      logger.error(
        { action: action.name, err: (error as Error).message, stack: (error as Error).stack },
        "action failed",
      );
    return { ok: false, error: described.message, fields: described.fields };
  }
}
