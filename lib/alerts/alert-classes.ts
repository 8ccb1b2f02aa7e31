import type { AlertChannel, AlertClass } from "@/lib/generated/prisma/enums";

/**
 * Every class of alert a person chooses channels for. Urgent ones go through quiet hours and the
 * hourly cap, and escalate along the on-call order until someone acknowledges them.
 */
export const ALERT_CLASSES: Record<AlertClass, { label: string; urgent: boolean }> = {
  critical_anomaly: { label: "Critical anomaly", urgent: true },
  worker_down: { label: "Worker down", urgent: true },
  queue_stuck: { label: "Queue stuck", urgent: true },
  webhook_endpoint_disabled: { label: "Webhook endpoint disabled", urgent: false },
  review_escalated: { label: "Review item escalated", urgent: false },
  payment_failed_final: { label: "Final payment failure", urgent: false },
  document_expired: { label: "Required document expired", urgent: false },
  job_failed: { label: "Job failed for good", urgent: false },
};

export const ALERT_CHANNELS: Record<AlertChannel, { label: string; shared: boolean }> = {
  email: { label: "Email", shared: false },
  sms: { label: "SMS", shared: false },
  pagerduty: { label: "PagerDuty", shared: true },
  slack: { label: "Slack", shared: true },
  teams: { label: "Teams", shared: true },
  discord: { label: "Discord", shared: true },
};

/** Personal channels reach one person; shared ones (a chat room, a PagerDuty service) get one message per alert. */
export const isSharedChannel = (channel: AlertChannel) => ALERT_CHANNELS[channel].shared;
