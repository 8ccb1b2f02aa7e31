"use server";

import { serverAction } from "@/app/_server/server-action";
import { formValues } from "@/lib/actions/action-result";
import { claimItem, decideItem, releaseItem, reopenItem } from "@/lib/review/human/review-actions";
import { updateReviewSettings } from "@/lib/review/intake/update-review-settings";

/** Takes (or renews) the item the person has open in the workspace; someone else's claim is an answer, not an error. */
export const claimReviewItem = serverAction(claimItem);

/** Lets go of an item the person moved on from without deciding. */
export const releaseReviewItem = serverAction(releaseItem);

/**
 * Approve, modify or reject, from the workspace's confirmation dialog; the lib action checks role,
 * claim and input. Every page is revalidated: the queue's, the overview's and the nav's counts change.
 */
export const decideReviewItem = serverAction(decideItem, { revalidate: "/" });

// On success every page under /review refreshes (settings change the bands and SLAs it shows).
export const reopenReviewItem = serverAction(reopenItem, { revalidate: "/review" });

/**
 * The settings form's flat fields as the nested settings object: `suspension.weights.unpaid` goes
 * to `{ suspension: { weights: { unpaid } } }`; the checkbox is sent only when ticked.
 */
function settingsInput(form: FormData): Record<string, unknown> {
  const values = formValues(form);
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

export const updateReviewSettingsAction = serverAction(updateReviewSettings, {
  fromForm: settingsInput,
  revalidate: "/review",
});
