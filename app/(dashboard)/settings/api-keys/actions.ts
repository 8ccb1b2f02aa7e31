"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

export type CreateKeyState = FormState & { createdKey?: string };

export async function createApiKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const values = formValues(formData);
  const result = await runAction(createApiKey, { name: values.name, scopes: formData.getAll("scopes") });
  if (!result.ok) return { ...result, values };
  revalidatePath("/settings/api-keys");
  return { createdKey: result.data.key };
}

export async function revokeApiKeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(revokeApiKey, { id: formData.get("id") });
  if (!result.ok) return result;
  revalidatePath("/settings/api-keys");
  return {};
}
