"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import { createUser } from "@/lib/users/create-user";
import { updateUser } from "@/lib/users/update-user";

export async function createUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const result = await runAction(createUser, values);
  if (!result.ok) return { ...result, values: { ...values, password: "" } };
  revalidatePath("/settings/users");
  return { values: {} };
}

export async function updateUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const input = {
    id: values.id,
    ...(values.role ? { role: values.role } : {}),
    ...(values.disabled ? { disabled: values.disabled === "true" } : {}),
  };
  const result = await runAction(updateUser, input);
  if (!result.ok) return result;
  revalidatePath("/settings/users");
  return {};
}
