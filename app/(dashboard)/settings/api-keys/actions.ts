"use server";

import { serverAction } from "@/app/_server/server-action";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { rotateApiKey } from "@/lib/api-keys/rotate-api-key";

// Creation and rotation answer the new key once, for the form to show once.
const revalidate = "/settings/api-keys";

export const createApiKeyAction = serverAction(createApiKey, {
  fromForm: (form) => ({ name: form.get("name"), scopes: form.getAll("scopes") }),
  revalidate,
});

export const rotateApiKeyAction = serverAction(rotateApiKey, {
  fromForm: (form) => ({ id: form.get("id"), graceHours: form.get("graceHours") }),
  revalidate,
});

export const revokeApiKeyAction = serverAction(revokeApiKey, {
  fromForm: (form) => ({ id: form.get("id") }),
  revalidate,
});
