"use server";

import { serverAction } from "@/app/_server/server-action";
import { signOutEverywhere, signOutSession } from "@/lib/auth/session-actions";
import { confirmTwoFactor, disableTwoFactor, startTwoFactorSetup } from "@/lib/auth/two-factor-actions";

export const signOutSessionAction = serverAction(signOutSession, { revalidate: "/profile" });

// This browser's session ends with the others.
export const signOutEverywhereAction = serverAction(signOutEverywhere, { redirectTo: () => "/login" });

export const startTwoFactorAction = serverAction(startTwoFactorSetup);

// No revalidation: the page would re-render as "on" and drop the recovery codes shown this once.
export const confirmTwoFactorAction = serverAction(confirmTwoFactor);

export const disableTwoFactorAction = serverAction(disableTwoFactor, { revalidate: "/profile" });
