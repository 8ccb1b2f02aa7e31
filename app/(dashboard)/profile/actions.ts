"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/app/_server/run-action";
import type { FormState } from "@/app/_server/form-state";
import { signOutEverywhere, signOutSession } from "@/lib/auth/session-actions";

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
