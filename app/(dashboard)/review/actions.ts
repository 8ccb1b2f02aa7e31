"use server";

import { revalidatePath } from "next/cache";
import type { Action } from "@/lib/actions/define-action";
import { runAction, type ActionResult } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import {
  claimItem,
  decideItem,
  releaseItem,
  reopenItem,
  type ClaimResult,
} from "@/lib/review/human/review-actions";
import { updateReviewSettings } from "@/lib/review/intake/update-review-settings";

/** Takes (or renews) the item the person has open in the workspace; someone else's claim is an answer, not an error. */
export async function claimReviewItem(itemId: string): Promise<ActionResult<ClaimResult>> {
  return runAction(claimItem, { itemId });
}

/** Lets go of an item the person moved on from without deciding. */
export async function releaseReviewItem(itemId: string): Promise<ActionResult<{ itemId: string }>> {
  return runAction(releaseItem, { itemId });
}

/** Approve, modify or reject, from the workspace's confirmation dialog; the lib action checks role, claim and input. */
export async function decideReviewItem(
  input: unknown,
): Promise<ActionResult<{ itemId: string; decisionId: string; status: string }>> {
  return runAction(decideItem, input);
}

/**
 * The settings form's flat fields as the nested settings object: `suspension.weights.unpaid` goes
 * to `{ suspension: { weights: { unpaid } } }`; the checkbox is sent only when ticked.
 */
function settingsInput(values: Record<string, string>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    if (path === "autoExecuteSuspensions") continue;
    const keys = path.split(".");
    let target = nested;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]] = value;
  }
  return { ...nested, autoExecuteSuspensions: values.autoExecuteSuspensions === "on" };
}

const FORMS: Record<string, { action: Action<unknown>; input: (values: Record<string, string>) => unknown }> =
  {
    reopenItem: { action: reopenItem, input: (values) => values },
    updateSettings: { action: updateReviewSettings, input: settingsInput },
  };

/**
 * The review area's forms: the page binds which one (`submitReviewForm.bind(null, "reopenItem")`).
 * On success every page under /review refreshes (settings change the bands and SLAs it shows).
 */
export async function submitReviewForm(
  form: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  if (!Object.hasOwn(FORMS, form)) return { error: "Unknown form." };
  const values = formValues(formData);
  const result = await runAction(FORMS[form].action, FORMS[form].input(values));
  if (!result.ok) return { error: result.error, fields: result.fields, values };
  revalidatePath("/review", "layout");
  return { done: true };
}
