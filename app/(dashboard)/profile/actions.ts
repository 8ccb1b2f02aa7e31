"use server";

import { serverAction } from "@/app/_server/server-action";
import { signOutEverywhere, signOutSession } from "@/lib/auth/session-actions";
import { confirmTwoFactor, disableTwoFactor, startTwoFactorSetup } from "@/lib/auth/two-factor-actions";
import {
  confirmPhoneVerification,
  startPhoneVerification,
  updateAlertSettings,
} from "@/lib/alerts/alert-settings";
import { ALERT_CLASSES } from "@/lib/alerts/alert-classes";

export const signOutSessionAction = serverAction(signOutSession, { revalidate: "/profile" });

// This browser's session ends with the others.
export const signOutEverywhereAction = serverAction(signOutEverywhere, { redirectTo: () => "/login" });

export const startTwoFactorAction = serverAction(startTwoFactorSetup);

// No revalidation: the page would re-render as "on" and drop the recovery codes shown this once.
export const confirmTwoFactorAction = serverAction(confirmTwoFactor);

export const disableTwoFactorAction = serverAction(disableTwoFactor, { revalidate: "/profile" });

export const updateAlertSettingsAction = serverAction(updateAlertSettings, {
  revalidate: "/profile",
  // One checkbox group per alert class, named "channels:<class>".
  fromForm: (form) => ({
    timeZone: form.get("timeZone"),
    quietStart: form.get("quietStart"),
    quietEnd: form.get("quietEnd"),
    preferences: Object.fromEntries(
      Object.keys(ALERT_CLASSES).map((alertClass) => [alertClass, form.getAll(`channels:${alertClass}`)]),
    ),
  }),
});

export const startPhoneVerificationAction = serverAction(startPhoneVerification);

export const confirmPhoneVerificationAction = serverAction(confirmPhoneVerification, {
  revalidate: "/profile",
});
