"use server";

import { serverAction } from "@/app/_server/server-action";
import { formValues } from "@/lib/actions/action-result";
import { createUser } from "@/lib/users/create-user";
import { updateUser } from "@/lib/users/update-user";

const revalidate = "/settings/users";

export const createUserAction = serverAction(createUser, { revalidate });

/** A row's buttons send only what they change: the role, or enabled/disabled. */
function userChange(form: FormData) {
  const values = formValues(form);
  return {
    id: values.id,
    ...(values.role ? { role: values.role } : {}),
    ...(values.disabled ? { disabled: values.disabled === "true" } : {}),
  };
}

export const updateUserAction = serverAction(updateUser, { fromForm: userChange, revalidate });
