"use server";

import { serverAction } from "@/app/_server/server-action";
import { formValues } from "@/lib/actions/action-result";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  replayWebhooks,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoint-actions";

// The list and every endpoint's page. Creation and rotation answer the new secret once, to be shown once.
const revalidate = "/settings/webhooks";

export const createEndpointAction = serverAction(createWebhookEndpoint, {
  fromForm: (form) => ({
    url: form.get("url"),
    description: form.get("description"),
    eventTypes: form.getAll("eventTypes"),
  }),
  revalidate,
});

export const updateEndpointAction = serverAction(updateWebhookEndpoint, {
  // An unticked "enabled" box sends nothing.
  fromForm: (form) => ({
    ...formValues(form),
    enabled: form.get("enabled") ?? "false",
    eventTypes: form.getAll("eventTypes"),
  }),
  revalidate,
});

export const rotateSecretAction = serverAction(rotateWebhookSecret, { revalidate });
export const sendTestAction = serverAction(sendTestWebhook, { revalidate });
export const redeliverAction = serverAction(redeliverWebhook, { revalidate });

export const replayAction = serverAction(replayWebhooks, {
  // The browser sends its local wall time; `offset` says which zone that was in.
  fromForm: (form) => {
    const { id, since, offset } = formValues(form);
    return { id, since: since ? new Date(`${since}${offset ?? ""}`) : undefined };
  },
  revalidate,
});

export const deleteEndpointAction = serverAction(deleteWebhookEndpoint, {
  revalidate,
  redirectTo: () => "/settings/webhooks",
});
