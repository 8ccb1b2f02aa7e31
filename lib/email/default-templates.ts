import { db } from "@/lib/db";

type DefaultTemplate = {
  key: string;
  name: string;
  description: string;
  variables: string[];
  subject: string;
  text: string;
  html: string;
};

const paragraphs = (text: string) =>
  text
    .split("\n\n")
    .map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`)
    .join("\n");

function template(
  key: string,
  name: string,
  description: string,
  variables: string[],
  subject: string,
  text: string,
): DefaultTemplate {
  return { key, name, description, variables, subject, text, html: paragraphs(text) };
}

/** The emails the automations send. Owners may reword them; keys and variables belong to the code. */
export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  template(
    "trial_welcome",
    "Trial welcome",
    "Sent when a trial starts",
    ["tenantName", "planName", "trialEndsOn"],
    "Welcome to your {{planName}} trial, {{tenantName}}",
    "Hello {{tenantName}},\n\nyour {{planName}} trial has started and runs until {{trialEndsOn}}.\n\nReply to this email if you need a hand.",
  ),
  template(
    "trial_ending_7_days",
    "Trial ending soon",
    "First reminder, sent TRIAL_REMINDER_DAYS (7 by default) days before a trial ends",
    ["tenantName", "planName", "trialEndsOn"],
    "Your {{planName}} trial ends on {{trialEndsOn}}",
    "Hello {{tenantName}},\n\nyour trial ends on {{trialEndsOn}}. Add a payment method to keep everything running.",
  ),
  template(
    "trial_ending_tomorrow",
    "Trial ends tomorrow",
    "Sent the day before a trial ends",
    ["tenantName", "planName", "trialEndsOn"],
    "Your {{planName}} trial ends tomorrow",
    "Hello {{tenantName}},\n\nyour trial ends tomorrow, {{trialEndsOn}}. Add a payment method today to avoid an interruption.",
  ),
  template(
    "trial_expired",
    "Trial expired",
    "Sent when a trial ends without conversion",
    ["tenantName", "planName"],
    "Your {{planName}} trial has ended",
    "Hello {{tenantName}},\n\nyour trial has ended and your account is paused. Subscribe at any time to pick up where you left off.",
  ),
  template(
    "payment_failed",
    "Payment failed",
    "Sent when a payment fails",
    ["tenantName", "amount", "nextRetryOn"],
    "We could not take your payment of {{amount}}",
    "Hello {{tenantName}},\n\nyour payment of {{amount}} did not go through. We will try again on {{nextRetryOn}}; please check your payment method.",
  ),
  template(
    "payment_recovered",
    "Payment recovered",
    "Sent when a retried payment succeeds",
    ["tenantName", "amount"],
    "Payment of {{amount}} received",
    "Hello {{tenantName}},\n\nthank you: your payment of {{amount}} has gone through and your account is in good standing.",
  ),
  template(
    "account_suspended",
    "Account suspended",
    "Sent when a tenant is suspended",
    ["tenantName", "reason"],
    "Your account has been suspended",
    "Hello {{tenantName}},\n\nyour account has been suspended: {{reason}}.\n\nReply to this email to resolve it.",
  ),
  template(
    "payment_reminder",
    "Payment reminder",
    "Sent when a reviewer approves a payment reminder from the review queue",
    ["tenantName", "reason"],
    "Action needed on your payment",
    "Hello {{tenantName}},\n\n{{reason}}\n\nPlease update your payment method or reply to this email so we can sort it out together.",
  ),
  template(
    "anomaly_alert",
    "Anomaly alert",
    "Sent to owners when a critical anomaly is detected",
    ["tenantName", "metric", "explanation", "link"],
    "Critical anomaly: {{metric}} for {{tenantName}}",
    "{{explanation}}\n\nOpen it in Steward: {{link}}",
  ),
  template(
    "anomaly_digest",
    "Anomaly digest",
    "Sent to owners instead of single alerts when many critical anomalies fire at once",
    ["count", "list", "link"],
    "{{count}} critical anomalies",
    "{{count}} critical anomalies were detected at once:\n\n{{list}}\n\nOpen them in Steward: {{link}}",
  ),
  template(
    "document_expiring",
    "Document expiring",
    "Sent to a tenant's contact DOCUMENT_WARNING_DAYS (30, 14 and 7 by default) days before one of its documents expires",
    ["tenantName", "document", "expiresOn", "expiresIn"],
    "Your {{document}} expires {{expiresIn}}",
    "Hello {{tenantName}},\n\nyour {{document}} expires {{expiresIn}}, on {{expiresOn}}. Please send us the renewed document before then.",
  ),
  template(
    "document_expiring_owner",
    "Document expiring (owners)",
    "Sent to owners with the tenant's warning",
    ["tenantName", "document", "expiresOn", "expiresIn", "link"],
    "{{tenantName}}: {{document}} expires {{expiresIn}}",
    "{{tenantName}}'s {{document}} expires {{expiresIn}}, on {{expiresOn}}. The tenant's contact was told.\n\nOpen it in Steward: {{link}}",
  ),
  template(
    "document_expired",
    "Document expired",
    "Sent to owners when a tenant's document expires without a renewal",
    ["tenantName", "document", "expiresOn", "required", "link"],
    "{{tenantName}}: {{document}} expired",
    "{{tenantName}}'s {{document}} expired on {{expiresOn}}. {{required}}\n\nOpen it in Steward: {{link}}",
  ),
  template(
    "api_key_digest",
    "API key digest",
    "Sent to owners on Mondays when API keys are unused for API_KEY_UNUSED_DAYS or older than API_KEY_MAX_AGE_DAYS",
    ["count", "list", "link"],
    "API key hygiene: {{count}} flagged",
    "These API keys were not used for a while or are due for rotation:\n\n{{list}}\n\nRotate or revoke them in Steward: {{link}}",
  ),
];

/** Adds any missing default template; never overwrites an owner's wording. Safe to run on every start. */
export async function ensureDefaultTemplates(): Promise<number> {
  const { count } = await db.emailTemplate.createMany({ data: DEFAULT_TEMPLATES, skipDuplicates: true });
  return count;
}
