import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import { enqueueBulk } from "@/lib/jobs/enqueue";
import type { EmailTemplate } from "@/lib/generated/prisma/client";
import { parseInput } from "@/lib/validation";
import { renderTemplate } from "./render-template";
import { queueEmailSchema, type QueueEmailInput } from "./schemas";

type Queued = { emailLogId: string; created: boolean };

function assertRenders(template: EmailTemplate | undefined, input: { templateKey: string; variables: Record<string, string> }): void {
  if (!template) throw new AppError("NOT_FOUND", `No email template '${input.templateKey}'.`);
  const undeclared = Object.keys(input.variables).filter((name) => !template.variables.includes(name));
  if (undeclared.length) throw new AppError("VALIDATION", `Template '${template.key}' has no variable ${undeclared.join(", ")}.`);
  try {
    renderTemplate(template, input.variables);
  } catch (error) {
    throw new AppError("VALIDATION", `Template '${template.key}': ${(error as Error).message}.`);
  }
}

/**
 * Records notifications under their dedupe keys and queues their delivery, in a fixed number of
 * statements however many there are (sweeps send thousands). A key seen before sends nothing new;
 * while its email is still queued the same job id is queued again, so a producer that crashed
 * between the two steps can simply retry.
 */
export async function queueEmails(raw: QueueEmailInput[]): Promise<Queued[]> {
  if (raw.length === 0) return [];
  const inputs = raw.map((item) => parseInput(queueEmailSchema, item));
  const templates = await db.emailTemplate.findMany({ where: { key: { in: [...new Set(inputs.map((i) => i.templateKey))] } } });
  const byKey = new Map(templates.map((t) => [t.key, t]));
  for (const input of inputs) assertRenders(byKey.get(input.templateKey), input);

  const created = await db.emailLog.createManyAndReturn({
    data: inputs.map((input) => ({
      dedupeKey: input.dedupeKey,
      templateKey: input.templateKey,
      recipientEncrypted: encryptPii(input.to),
      recipientDigest: emailDigest(input.to),
      variablesEncrypted: encryptPii(JSON.stringify(input.variables)),
    })),
    skipDuplicates: true,
    select: { dedupeKey: true },
  });
  const logs = await db.emailLog.findMany({ where: { dedupeKey: { in: inputs.map((i) => i.dedupeKey) } }, select: { id: true, status: true, dedupeKey: true } });
  const queued = logs.filter((log) => log.status === "queued");
  await enqueueBulk("send-email", queued.map((log) => ({ payload: { emailLogId: log.id }, options: { jobId: `email-${log.id}` } })));

  const createdKeys = new Set(created.map((c) => c.dedupeKey));
  const idByKey = new Map(logs.map((log) => [log.dedupeKey, log.id]));
  return inputs.map((input) => ({ emailLogId: idByKey.get(input.dedupeKey)!, created: createdKeys.has(input.dedupeKey) }));
}

/** One notification; see queueEmails. */
export async function queueEmail(raw: QueueEmailInput): Promise<Queued> {
  const [queued] = await queueEmails([raw]);
  return queued;
}
