"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/app/_server/run-action";
import type { FormState } from "@/app/_server/form-state";
import { signOutEverywhere, signOutSession } from "@/lib/auth/session-actions";
import { confirmTwoFactor, disableTwoFactor, startTwoFactorSetup } from "@/lib/auth/two-factor-actions";
import type { TwoFactorSetupState } from "@/components/profile/two-factor-setup";

export async function signOutSessionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(signOutSession, { sessionId: formData.get("sessionId") });
  if (!result.ok) return result;
  revalidatePath("/profile");
  return {};
}

export async function signOutEverywhereAction(): Promise<FormState> {
  const result = await runAction(signOutEverywhere, {});
  if (!result.ok) return result;
  // This browser's session ended with the others.
  redirect("/login");
}

export async function startTwoFactorAction(): Promise<TwoFactorSetupState> {
  const result = await runAction(startTwoFactorSetup, {});
  return result.ok ? result.data : result;
}

export async function confirmTwoFactorAction(
  _prev: TwoFactorSetupState,
  formData: FormData,
): Promise<TwoFactorSetupState> {
  const result = await runAction(confirmTwoFactor, { code: formData.get("code") });
  // No revalidation: the page would re-render as "on" and drop the recovery codes shown this once.
  return result.ok ? result.data : result;
}

export async function disableTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(disableTwoFactor, { code: formData.get("code") });
  if (!result.ok) return result;
  revalidatePath("/profile");
  return {};
}
