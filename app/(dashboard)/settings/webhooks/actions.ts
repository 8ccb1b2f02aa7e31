"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formValues, type FormState } from "@/app/_server/form-state";
import { runAction } from "@/app/_server/run-action";
import type { Action } from "@/lib/actions/define-action";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  replayWebhooks,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoint-actions";

/** A form that makes a secret (new endpoint, rotation): the secret comes back once, to be shown once. */
export type NewSecretState = FormState & { newSecret?: string; endpointId?: string; eventTypes?: string[] };

const endpointPath = (id: string) => `/settings/webhooks/${id}`;

async function run<T>(action: Action<T>, input: unknown, values: Record<string, string>, path: string) {
  const result = await runAction(action, input);
  if (!result.ok) return { state: { ...result, values } as FormState, data: null };
  revalidatePath(path);
  return { state: { done: true } as FormState, data: result.data };
}

const eventTypesOf = (formData: FormData) => formData.getAll("eventTypes");

export async function createEndpointAction(
  _prev: NewSecretState,
  formData: FormData,
): Promise<NewSecretState> {
  const values = formValues(formData);
  const input = { url: values.url, description: values.description, eventTypes: eventTypesOf(formData) };
  const { state, data } = await run(createWebhookEndpoint, input, values, "/settings/webhooks");
  if (data) return { ...state, newSecret: data.secret, endpointId: data.id };
  // The form is shown again with the owner's choices, the ticked event types included.
  return { ...state, eventTypes: input.eventTypes.map(String) };
}

export async function updateEndpointAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const input = { ...values, enabled: values.enabled ?? "false", eventTypes: eventTypesOf(formData) };
  return (await run(updateWebhookEndpoint, input, values, endpointPath(values.id))).state;
}

export async function rotateSecretAction(_prev: NewSecretState, formData: FormData): Promise<NewSecretState> {
  const values = formValues(formData);
  const { state, data } = await run(rotateWebhookSecret, values, values, endpointPath(values.id));
  return data ? { ...state, newSecret: data.secret } : state;
}

export async function sendTestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  return (await run(sendTestWebhook, values, values, endpointPath(values.id))).state;
}

export async function redeliverAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  return (await run(redeliverWebhook, values, values, endpointPath(values.endpointId))).state;
}

export async function replayAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  // The browser sends its local wall time; it says which zone that was in.
  const since = values.since ? new Date(`${values.since}${values.offset ?? ""}`) : undefined;
  const { state } = await run(replayWebhooks, { id: values.id, since }, values, endpointPath(values.id));
  return state;
}

export async function deleteEndpointAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const { state, data } = await run(deleteWebhookEndpoint, values, values, "/settings/webhooks");
  if (data) redirect("/settings/webhooks");
  return state;
}
