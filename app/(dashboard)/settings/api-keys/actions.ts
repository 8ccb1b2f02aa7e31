"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import type { Action } from "@/lib/actions/define-action";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { rotateApiKey } from "@/lib/api-keys/rotate-api-key";

/** A form that makes a key (creation, rotation): the new secret comes back once, to be shown once. */
export type NewKeyState = FormState & { newKey?: string };

async function makeKey(
  action: Action<{ key: string }>,
  input: unknown,
  values: Record<string, string>,
): Promise<NewKeyState> {
  const result = await runAction(action, input);
  if (!result.ok) return { ...result, values };
  revalidatePath("/settings/api-keys");
  return { newKey: result.data.key };
}

export async function createApiKeyAction(_prev: NewKeyState, formData: FormData): Promise<NewKeyState> {
  const values = formValues(formData);
  return makeKey(createApiKey, { name: values.name, scopes: formData.getAll("scopes") }, values);
}

export async function rotateApiKeyAction(_prev: NewKeyState, formData: FormData): Promise<NewKeyState> {
  const values = formValues(formData);
  return makeKey(rotateApiKey, { id: values.id, graceHours: values.graceHours }, values);
}

export async function revokeApiKeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(revokeApiKey, { id: formData.get("id") });
  if (!result.ok) return result;
  revalidatePath("/settings/api-keys");
  return {};
}
