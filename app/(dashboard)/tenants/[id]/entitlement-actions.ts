"use server";

import { serverAction } from "@/app/_server/server-action";
import { formValues } from "@/lib/actions/action-result";
import { removeEntitlementOverride, setEntitlementOverride } from "@/lib/plans/entitlement-overrides";

// A tenant's overrides show on its page.
const revalidate = "/tenants";

export const setOverrideAction = serverAction(setEntitlementOverride, {
  // Fields left blank (no end date, the other kind's value) are not sent at all.
  fromForm: (form) => Object.fromEntries(Object.entries(formValues(form)).filter(([, v]) => v !== "")),
  revalidate,
});
export const removeOverrideAction = serverAction(removeEntitlementOverride, { revalidate });
