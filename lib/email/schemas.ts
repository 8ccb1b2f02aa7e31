import { z } from "zod";

export const emailAddress = z.string().trim().toLowerCase().email("Enter a valid email address").max(254);

/** A recipient already stored encrypted (a tenant's contact), passed on without decrypting it. */
const encryptedRecipient = z.object({ encrypted: z.string().startsWith("v1."), digest: z.string().min(1) });

export const queueEmailSchema = z.object({
  templateKey: z.string().min(1),
  to: z.union([emailAddress, encryptedRecipient]),
  variables: z.record(z.string(), z.string()),
  /** One logical notification, e.g. "trial:<id>:ending_7_days": a second request with it sends nothing. */
  dedupeKey: z.string().min(1).max(200),
});

export type QueueEmailInput = z.input<typeof queueEmailSchema>;

export const updateTemplateSchema = z.object({
  key: z.string().min(1),
  subject: z.string().trim().min(1, "Enter a subject").max(300),
  html: z.string().trim().min(1, "Enter the HTML part").max(100_000),
  text: z.string().trim().min(1, "Enter the text part").max(100_000),
});
