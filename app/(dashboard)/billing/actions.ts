"use server";

import { serverAction } from "@/app/_server/server-action";
import {
  convertTrialManually,
  expireTrialNow,
  extendTrial,
  resendReminder,
} from "@/lib/billing/trial-actions";

// The trial page refreshes, and with it the list and cards under /billing that the change moves.
const revalidate = "/billing";

export const extendTrialAction = serverAction(extendTrial, { revalidate });
export const convertTrialManuallyAction = serverAction(convertTrialManually, { revalidate });
export const expireTrialNowAction = serverAction(expireTrialNow, { revalidate });
export const resendReminderAction = serverAction(resendReminder, { revalidate });
